// What the service starts with, said once at start: which intake, delivery and chat parts are on
// (and where they point) and which are off (and why). Only names, ids, hosts and paths: never a
// token, secret, password or user name, whatever the variables hold.
import { emailProviders, type EmailProvider } from "../adapters/email/providers/types.js";
import type { FormKind } from "../adapters/forms/config.js";
import { parseDatabaseUrl } from "./db/connect.js";
import { emailSecrets, type Settings } from "./settings.js";
import { ownSettings, surfaceRegistry, type Off, type SurfaceSummary } from "./surfaces.js";
import { smtpSettings } from "./smtp-settings.js";
import { surveyEmailsFor } from "./survey-settings.js";
import type { ChatSurface } from "../core/index.js";

export type { Off, RoutedPlace } from "./surfaces.js";

/** The start-up summary, logged as one structured field. */
export interface StartupSummary {
  http: { host: string; port: number };
  database:
    | { kind: "sqlite"; path: string; synchronous: "full" | "normal" }
    | { kind: "postgresql"; host: string; port: string; database: string; schema: string; poolSize: number };
  config: { source: string; pipelines: string[]; teams: number; agents: number };
  /** Email providers with credentials take deliveries at /webhooks/email/:provider; the rest refuse them. */
  emailIntake: { on: EmailProvider[]; off: EmailProvider[]; inboxes: { address: string; default: boolean }[] };
  forms: { id: string; kind: FormKind }[];
  /** Agents' replies by SMTP: the server (scheme, host and port only) or why not. */
  emailReplies: { on: true; server: string } | Off;
  /** Each chat surface, as its registry entry describes it (surfaces.ts). */
  chat: Record<ChatSurface, SurfaceSummary>;
  /** Signed links to attachments in chat threads: where they point and how long they work, or why there are none. */
  attachmentLinks: { on: true; base: string; days: number } | Off;
  /** The web dashboard: where it is (agents sign in with `/ticket dashboard`), or why it is off. */
  dashboard: { on: true; url: string; secureCookies: boolean } | Off;
  /**
   * Satisfaction survey emails (signed links and outbound mail): where their one-click links land,
   * or why there are none (surveys in chat need none of this).
   */
  surveyEmails: { on: true; base: string } | Off;
  /**
   * Outgoing webhook endpoints: the host each posts to (not the path or query, which may carry a
   * token) and its events. One disabled after a 410 is said by the webhook target at start.
   */
  webhooks: { id: string; host: string; events: string[]; on: boolean }[];
}

/** The summary of what `settings` turns on, for a service listening on `port`. */
export function startupSummary(settings: Settings, port: number): StartupSummary {
  const { env, config } = settings;
  const secrets = emailSecrets(env);
  const smtp = smtpSettings(settings);
  const surveyEmails = surveyEmailsFor(settings);
  return {
    http: { host: env.HOST, port },
    database: databaseSummary(env.DATABASE_URL, env.SQLITE_SYNCHRONOUS, env.DATABASE_POOL_SIZE),
    config: {
      source: settings.configSource,
      pipelines: config.pipelines.map((p) => p.id),
      teams: config.teams.length,
      agents: config.agents.length,
    },
    emailIntake: {
      on: emailProviders.filter((p) => secrets[p]),
      off: emailProviders.filter((p) => !secrets[p]),
      inboxes: settings.email.inboxes.map((i) => ({ address: i.address, default: i.default })),
    },
    forms: settings.forms.map((f) => ({ id: f.id, kind: f.kind })),
    emailReplies: smtp.ok ? { on: true, server: serverOnly(smtp.url) } : { on: false, why: smtp.off },
    chat: Object.fromEntries(Object.entries(surfaceRegistry).map(([name, entry]) => [name, entry.summary(ownSettings(settings, name))])),
    attachmentLinks:
      env.ATTACHMENT_LINK_SECRET && env.PUBLIC_URL
        ? { on: true, base: `${env.PUBLIC_URL}/attachments/`, days: env.ATTACHMENT_LINK_DAYS }
        : { on: false, why: "ATTACHMENT_LINK_SECRET and PUBLIC_URL are not both set; chat lists attachment names and sizes only" },
    dashboard: env.PUBLIC_URL
      ? { on: true, url: `${env.PUBLIC_URL}/dashboard`, secureCookies: env.PUBLIC_URL.startsWith("https:") }
      : { on: false, why: "PUBLIC_URL is not set; /ticket dashboard tells agents the dashboard is not set up" },
    surveyEmails: surveyEmails.on
      ? { on: true, base: `${surveyEmails.links.publicUrl}/survey/` }
      : { on: false, why: `${surveyEmails.why}; surveys go only to requesters who wrote in from chat` },
    webhooks: config.webhooks.map((w) => ({ id: w.id, host: new URL(w.url).host, events: [...w.events], on: w.enabled })),
  };
}

function databaseSummary(url: string, synchronous: "full" | "normal", poolSize: number): StartupSummary["database"] {
  const target = parseDatabaseUrl(url);
  if (target.provider === "sqlite") return { kind: "sqlite", path: target.file, synchronous };
  // Host, port and database name only: the user name and password stay out of logs.
  const u = new URL(target.url);
  return {
    kind: "postgresql",
    host: u.hostname || (u.searchParams.get("host") ?? "localhost"),
    port: u.port || "5432",
    database: decodeURIComponent(u.pathname.replace(/^\//, "")),
    schema: target.schema,
    poolSize,
  };
}

/** `smtps://user:pass@mail.example.com:465/?x` → `smtps://mail.example.com:465`. */
function serverOnly(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.host}`;
}

/** The summary as a few readable lines, for people reading the log. */
export function describeStartup(s: StartupSummary): string {
  const list = (xs: string[], none = "none") => (xs.length ? xs.join(", ") : none);
  const onOff = <T extends { on: boolean }>(part: (T & { on: true }) | Off, on: (p: T & { on: true }) => string) =>
    part.on ? `on: ${on(part)}` : `off: ${part.why}`;
  const db = s.database;
  return [
    `help desk listening on ${s.http.host}:${s.http.port}`,
    `  database     ${db.kind === "sqlite" ? `SQLite ${db.path} (synchronous ${db.synchronous})` : `PostgreSQL ${db.host}:${db.port}/${db.database}, schema ${db.schema}, pool ${db.poolSize}`}`,
    `  config       ${s.config.source}: pipelines ${list(s.config.pipelines)}; teams ${s.config.teams}; agents ${s.config.agents}`,
    `  email in     on: ${list(s.emailIntake.on)}; off (no credentials): ${list(s.emailIntake.off)}; inboxes: ${list(s.emailIntake.inboxes.map((i) => (i.default ? `${i.address} (default)` : i.address)))}`,
    `  forms        ${list(s.forms.map((f) => `${f.id} (${f.kind})`))}`,
    `  email out    ${onOff(s.emailReplies, (r) => `SMTP ${r.server}`)}`,
    ...Object.entries(s.chat).map(
      ([name, part]) => `  ${name.padEnd(12)} ${onOff(part, (on) => surfaceRegistry[name]?.describe(on) ?? "")}`,
    ),
    `  attachments  ${onOff(s.attachmentLinks, (a) => `links ${a.base}… working ${a.days} days`)}`,
    `  dashboard    ${onOff(s.dashboard, (d) => `${d.url}, sign-in links from /ticket dashboard${d.secureCookies ? "" : "; PUBLIC_URL is not https, so session cookies are sent unencrypted"}`)}`,
    `  surveys      ${onOff(s.surveyEmails, (e) => `emails with rating links ${e.base}…`)}`,
    // Only when some are configured: most help desks have none.
    ...(s.webhooks.length
      ? [
          `  webhooks     ${s.webhooks.map((w) => (w.on ? `${w.id} → ${w.host} (${w.events.join(", ")})` : `${w.id} off in the configuration`)).join("; ")}`,
        ]
      : []),
  ].join("\n");
}
