// Everything the process reads from its environment and its config file, parsed once at start.
// A bad value stops the process with one message naming it, before anything is served.
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { holidayDatesFromIcs } from "../core/sla/holidays-ics.js";
import { z } from "zod";
import { EmailConfig, type EmailSecrets } from "../adapters/email/config.js";
import type { EmailProvider } from "../adapters/email/providers/types.js";
import { FormsConfig, type ConfiguredForm } from "../adapters/forms/config.js";
import { ownSettings, surfaceRegistry } from "./surfaces.js";
import { surveyEmailsFor, undeliverableSurveys } from "./survey-settings.js";
import type { ChatSurface } from "../core/index.js";
import { buildCatalog, HelpdeskConfig, type Catalog } from "../core/config.js";
import { isTimeZone, locales } from "../core/i18n/locale.js";

const intFrom = (def: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(def);
const maxBytes = z.coerce
  .number()
  .int()
  .min(1024)
  .max(512 * 1024 * 1024);

export const Env = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, "must start with file: (SQLite) or postgres:// (PostgreSQL)")
    .default("file:./data/helpdesk.db"),
  HELPDESK_CONFIG: z.string().min(1).optional(),
  HOST: z.string().min(1).default("0.0.0.0"),
  PORT: intFrom(3000, 0, 65535),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  /** The help desk's language, for agents and customers with none of their own (en or ja). */
  HELPDESK_LOCALE: z.enum(locales, `must be one of ${locales.join(", ")}`).default("en"),
  /** The time zone dates are shown in (IANA), for teams with none of their own. */
  HELPDESK_TIME_ZONE: z
    .string()
    .refine(isTimeZone, { error: (issue) => `"${String(issue.input)}" is not an IANA time zone (e.g. Asia/Tokyo, Europe/London)` })
    .default("UTC"),
  OUTBOX_POLL_MS: intFrom(1000, 10, 60_000),
  OUTBOX_MAX_ATTEMPTS: intFrom(8, 1, 100),
  /** Deliveries each replica runs at once (different tickets; a ticket's own go one at a time). */
  OUTBOX_CONCURRENCY: intFrom(4, 1, 64),
  SHUTDOWN_GRACE_MS: intFrom(10_000, 0, 600_000),
  DATABASE_POOL_SIZE: intFrom(10, 1, 200),
  /** Requests per API token and minute (/api/v1), counted in the database across replicas. */
  API_RATE_LIMIT: intFrom(300, 1, 100_000),
  /** SQLite's sync level: `full` keeps acknowledged writes through a power loss; `normal` may lose the last ones. */
  SQLITE_SYNCHRONOUS: z.enum(["normal", "full"], "must be normal or full").default("full"),
  /** Outbound mail: smtp://user:pass@host:587 (STARTTLS when offered) or smtps://… (implicit TLS). */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "must start with smtp:// or smtps://")
    .optional(),
  /** Inbound mail credentials, one per provider; a provider without one refuses everything. */
  EMAIL_RAW_SECRET: z.string().min(16, "use at least 16 characters").optional(),
  POSTMARK_INBOUND_AUTH: z
    .string()
    .regex(/^[^:]+:.+$/, "must be user:password")
    .optional(),
  SENDGRID_INBOUND_AUTH: z
    .string()
    .regex(/^[^:]+:.+$/, "must be user:password")
    .optional(),
  MAILGUN_SIGNING_KEY: z.string().min(1).optional(),
  /** Largest inbound email or form post, in bytes: the cap of every intake route without its own below. */
  INTAKE_MAX_BYTES: intFrom(25 * 1024 * 1024, 1024, 512 * 1024 * 1024),
  /** Per intake route, overriding INTAKE_MAX_BYTES (see intakeLimits). */
  INTAKE_MAX_BYTES_RAW: maxBytes.optional(),
  INTAKE_MAX_BYTES_POSTMARK: maxBytes.optional(),
  INTAKE_MAX_BYTES_SENDGRID: maxBytes.optional(),
  INTAKE_MAX_BYTES_MAILGUN: maxBytes.optional(),
  INTAKE_MAX_BYTES_FORMS: maxBytes.optional(),
  /** Largest email attachment whose content is stored; bigger ones keep name, type and size only. */
  ATTACHMENT_MAX_BYTES: intFrom(10 * 1024 * 1024, 0, 512 * 1024 * 1024),
  /** The service's address as agents' browsers reach it (https://helpdesk.example.org): attachment links start with it. */
  PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: "must be an http(s) URL such as https://helpdesk.example.org" })
    .transform((u) => u.replace(/\/+$/, ""))
    .optional(),
  /** Keys the signed links to attachments posted in chat; with PUBLIC_URL, turns those links on. */
  ATTACHMENT_LINK_SECRET: z.string().min(16, "use at least 16 characters").optional(),
  /** How long an attachment link in chat works. */
  ATTACHMENT_LINK_DAYS: intFrom(7, 1, 90),
  /** Keys the one-click rating links of satisfaction survey emails; with PUBLIC_URL, turns survey emails on. */
  SURVEY_LINK_SECRET: z.string().min(16, "use at least 16 characters").optional(),
});
export type Env = z.infer<typeof Env>;

export interface Settings {
  env: Env;
  config: HelpdeskConfig;
  /** The email adapter's part of the config file (inboxes). */
  email: EmailConfig;
  /** Web forms from the config file, with their secrets read from the environment. */
  forms: ConfiguredForm[];
  /** Each chat surface's own variables and section of the config file, read by its registry entry (surfaces.ts). */
  surfaces: Record<ChatSurface, { env: unknown; section: unknown }>;
  /** Where the config came from, for the start-up log. */
  configSource: string;
}

export class SettingsError extends Error {
  override readonly name = "SettingsError";
}

function describeIssues(prefix: string, error: z.ZodError): string {
  return error.issues.map((i) => `${prefix}${i.path.length ? i.path.join(".") : ""}${i.path.length ? ": " : ""}${i.message}`).join("; ");
}

/** Calendars with the holidays of their iCalendar files added (paths relative to the config file). */
function withIcalHolidays(calendars: HelpdeskConfig["calendars"], dir: string, where: string): HelpdeskConfig["calendars"] {
  return calendars.map((c, i) => {
    if (!c.holidaysIcal) return c;
    const file = resolve(dir, c.holidaysIcal);
    try {
      return { ...c, holidays: [...new Set([...c.holidays, ...holidayDatesFromIcs(readFileSync(file, "utf8"))])].sort() };
    } catch (e) {
      throw new SettingsError(`${where}calendars.${i}.holidaysIcal: ${file}: ${(e as Error).message}`);
    }
  });
}

/**
 * The settings of a process started from the command line: a .env beside the project is read if
 * present (variables already set win); a bad setting ends the process with `prefix: message`.
 */
export function settingsOrExit(prefix: string): Settings {
  if (existsSync(".env")) process.loadEnvFile(".env");
  try {
    return loadSettings(process.env);
  } catch (e) {
    if (!(e instanceof SettingsError)) throw e;
    process.stderr.write(`${prefix}: ${e.message}\n`);
    process.exit(1);
  }
}

/** Parses env and the config file named by HELPDESK_CONFIG (JSON); throws one SettingsError. */
export function loadSettings(source: NodeJS.ProcessEnv): Settings {
  const envResult = Env.safeParse(emptyToUndefined(source));
  if (!envResult.success) throw new SettingsError(`invalid environment: ${describeIssues("", envResult.error)}`);
  const env = envResult.data;
  const surfaceEnv: Record<ChatSurface, unknown> = {};
  for (const [name, entry] of Object.entries(surfaceRegistry)) {
    const parsed = entry.env.safeParse(emptyToUndefined(source));
    if (!parsed.success) throw new SettingsError(`invalid environment: ${describeIssues("", parsed.error)}`);
    surfaceEnv[name] = parsed.data;
  }
  /** Each surface with its variables and its section of `raw` (the config file, or nothing). */
  const surfaces = (raw: unknown, where: string) =>
    Object.fromEntries(
      Object.entries(surfaceRegistry).map(([name, entry]) => {
        const section = entry.section.safeParse(raw);
        if (!section.success) throw new SettingsError(`${where}${describeIssues("", section.error)}`);
        return [name, { env: surfaceEnv[name], section: section.data }];
      }),
    );
  if (env.ATTACHMENT_LINK_SECRET && !env.PUBLIC_URL) {
    throw new SettingsError("invalid environment: ATTACHMENT_LINK_SECRET needs PUBLIC_URL, the address attachment links start with");
  }
  if (env.SURVEY_LINK_SECRET && !env.PUBLIC_URL) {
    throw new SettingsError("invalid environment: SURVEY_LINK_SECRET needs PUBLIC_URL, the address survey links start with");
  }
  if (!env.HELPDESK_CONFIG) {
    return {
      env,
      config: HelpdeskConfig.parse({}),
      email: EmailConfig.parse({}),
      forms: [],
      surfaces: surfaces({}, "built-in defaults: "),
      configSource: "built-in default pipeline",
    };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(env.HELPDESK_CONFIG, "utf8"));
  } catch (e) {
    throw new SettingsError(`HELPDESK_CONFIG ${env.HELPDESK_CONFIG}: ${(e as Error).message}`);
  }
  const cfg = HelpdeskConfig.safeParse(raw);
  if (!cfg.success) throw new SettingsError(`HELPDESK_CONFIG ${env.HELPDESK_CONFIG}: ${describeIssues("", cfg.error)}`);
  const where = `HELPDESK_CONFIG ${env.HELPDESK_CONFIG}: `;
  cfg.data.calendars = withIcalHolidays(cfg.data.calendars, dirname(resolve(env.HELPDESK_CONFIG)), where);
  // The adapters' sections live in the same file; each adapter owns its schema.
  const email = EmailConfig.safeParse(raw);
  if (!email.success) throw new SettingsError(`${where}${describeIssues("", email.error)}`);
  const forms = FormsConfig.safeParse(raw);
  if (!forms.success) throw new SettingsError(`${where}${describeIssues("", forms.error)}`);
  const chat = surfaces(raw, where);
  const problems = [
    ...cfg.data.agents.flatMap((a, i) =>
      Object.keys(a.accounts)
        .filter((surface) => !Object.hasOwn(surfaceRegistry, surface))
        .map(
          (surface) =>
            `agents.${i}.accounts.${surface}: no chat surface is called "${surface}" (${Object.keys(surfaceRegistry).join(", ")})`,
        ),
    ),
    ...intakeReferences(cfg.data, email.data, forms.data),
    ...Object.entries(surfaceRegistry).flatMap(([name, entry]) => {
      const section = chat[name]!.section;
      const places = entry.places(section);
      return [places, ...(entry.otherRoutes?.(section) ?? [])].flatMap((r) =>
        "entry" in r ? routeReferences(cfg.data, [r.entry], r.path, false) : routeReferences(cfg.data, r.entries, r.path),
      );
    }),
  ];
  if (problems.length) throw new SettingsError(`${where}${problems.join("; ")}`);
  const missing = forms.data.forms.flatMap((f, i) => (source[f.secretEnv] ? [] : [`forms.${i}.secretEnv: ${f.secretEnv} is not set`]));
  if (missing.length) throw new SettingsError(`${where}${missing.join("; ")}`);
  const settings: Settings = {
    env,
    config: cfg.data,
    email: email.data,
    forms: forms.data.forms.map((f) => ({ ...f, secret: source[f.secretEnv]! })),
    surfaces: chat,
    configSource: env.HELPDESK_CONFIG,
  };
  const undeliverable = undeliverableSurveys(settings);
  if (undeliverable) throw new SettingsError(`${where}${undeliverable}`);
  return settings;
}

type Routed = { pipelineId?: string | undefined; teamId?: string | undefined };

/** Adapter entries (inboxes, forms, triage channels) may only name pipelines and teams the core config declares. */
function routeReferences(config: HelpdeskConfig, entries: readonly Routed[], path: string, listed = true): string[] {
  const pipelines = new Set(config.pipelines.map((p) => p.id));
  const teams = new Set(config.teams.map((t) => t.id));
  return entries.flatMap((r, i) => {
    const at = listed ? `${path}.${i}` : path;
    return [
      ...(r.pipelineId && !pipelines.has(r.pipelineId) ? [`${at}.pipelineId: unknown pipeline "${r.pipelineId}"`] : []),
      ...(r.teamId && !teams.has(r.teamId) ? [`${at}.teamId: unknown team "${r.teamId}"`] : []),
    ];
  });
}

/** Inboxes and forms may only name pipelines, teams and properties the core config declares. */
function intakeReferences(config: HelpdeskConfig, email: EmailConfig, forms: FormsConfig): string[] {
  const properties = new Set(config.properties.map((p) => p.name));
  return [
    ...routeReferences(config, email.inboxes, "inboxes"),
    ...routeReferences(config, forms.forms, "forms"),
    ...forms.forms.flatMap((form, i) =>
      Object.keys(form.fields.properties).flatMap((p) =>
        properties.has(p) ? [] : [`forms.${i}.fields.properties: unknown property "${p}"`],
      ),
    ),
  ];
}

/** Web forms carry answers, never files: a megabyte is far more than any form sends. */
const formsMaxBytes = 1024 * 1024;

/**
 * The largest post each intake route takes (413 beyond): its own INTAKE_MAX_BYTES_<ROUTE> when
 * set, else INTAKE_MAX_BYTES; forms at most 1 MiB unless INTAKE_MAX_BYTES_FORMS says otherwise.
 */
export function intakeLimits(env: Env): { email: Record<EmailProvider, number>; forms: number } {
  const all = env.INTAKE_MAX_BYTES;
  return {
    email: {
      raw: env.INTAKE_MAX_BYTES_RAW ?? all,
      postmark: env.INTAKE_MAX_BYTES_POSTMARK ?? all,
      sendgrid: env.INTAKE_MAX_BYTES_SENDGRID ?? all,
      mailgun: env.INTAKE_MAX_BYTES_MAILGUN ?? all,
    },
    forms: env.INTAKE_MAX_BYTES_FORMS ?? Math.min(all, formsMaxBytes),
  };
}

/** Each inbound-mail provider's credential, from the environment. */
export function emailSecrets(env: Env): EmailSecrets {
  return {
    raw: env.EMAIL_RAW_SECRET,
    postmark: env.POSTMARK_INBOUND_AUTH,
    sendgrid: env.SENDGRID_INBOUND_AUTH,
    mailgun: env.MAILGUN_SIGNING_KEY,
  };
}

/** An empty variable (`PORT=`) means "use the default", as in most .env tooling. */
function emptyToUndefined(source: NodeJS.ProcessEnv): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(source).map(([k, v]) => [k, v === "" ? undefined : v]));
}

/**
 * Teams whose tickets go to a chat channel or forum shared with others: the team has no entry
 * of its own, so its tickets fall through to a pipeline's or the catch-all entry, where everyone
 * who can read that channel sees them. Said at start so an admin can add a team entry or limit
 * the channel to the team.
 */
export function sharedChatPlaces(settings: Settings): string[] {
  const out: string[] = [];
  for (const [name, entry] of Object.entries(surfaceRegistry)) {
    const { noun, entries } = entry.places(ownSettings(settings, name).section);
    if (!entries.length) continue;
    for (const team of settings.config.teams) {
      if (!entries.some((e) => e.teamId === team.id))
        out.push(`${name}: tickets of team "${team.id}" have no ${noun} of their own and go to a shared one`);
    }
  }
  return out;
}

/** The core's catalogue of the configuration, in the help desk's language and time zone; surveys by email as survey-settings.ts says. */
export function catalogFor(settings: Pick<Settings, "config" | "env" | "email">): Catalog {
  return buildCatalog(settings.config, {
    locale: settings.env.HELPDESK_LOCALE,
    timeZone: settings.env.HELPDESK_TIME_ZONE,
    surveysByEmail: surveyEmailsFor(settings).on,
  });
}
