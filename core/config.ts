import { z } from "zod";
import type { LocalizedName } from "./i18n/format.js";
import { isTimeZone, locales, type Locale } from "./i18n/locale.js";
import { LocalizedText, named } from "./localized-text.js";
import { CalendarDefinition } from "./sla/calendar-config.js";
import { AssignmentRule, assignmentReferences } from "./assignment/assignment-config.js";
import { SlaPolicyDefinition } from "./sla/sla-config.js";
import { KpiTargetsConfig, kpiTargetDefaults } from "./kpis/kpi-config.js";
import { CsatConfig, csatDefaults } from "./csat/csat-config.js";
import { SnippetDefinitions } from "./snippets/snippet-config.js";
import { shippedWorkflows, WorkflowDefinition, workflowReferences } from "./workflows/workflow-config.js";
import { webhookReferences, WebhooksConfig } from "./webhooks/webhook-config.js";

export { LocalizedText };

/** A select property's option: its value, or its value and a label per language (`{ "value": "web", "label": { "en": "Web", "ja": "ウェブ" } }`). */
const SelectOption = z.union([z.string().min(1), z.strictObject({ value: z.string().min(1), label: LocalizedText })]);

/** Custom ticket properties an admin declares; values are validated against these. */
export const PropertyDefinition = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9_]*$/, "property names are snake_case"),
    label: LocalizedText,
    type: z.enum(["text", "number", "boolean", "select", "date"]),
    options: z.array(SelectOption).optional(),
  })
  .transform(({ label, options, ...p }) => {
    const { name, names } = named(label);
    // `options` are the values (what is stored and typed); `optionLabels` what agents read, by value.
    const values = options?.map((o) => (typeof o === "string" ? o : o.value));
    const labelled = (options ?? []).flatMap((o) => (typeof o === "string" ? [] : [[o.value, named(o.label).names] as const]));
    const optionLabels: Record<string, LocalizedName> | undefined = labelled.length ? Object.fromEntries(labelled) : undefined;
    return { ...p, ...(values ? { options: values } : {}), ...(optionLabels ? { optionLabels } : {}), label: name, labels: names };
  });
export type PropertyDefinition = z.infer<typeof PropertyDefinition>;

/** Fields of the ticket itself that a status may require on entry, beside custom properties. */
export const builtInRequirable = ["owner", "team", "contact"] as const;

export const StatusDefinition = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9_]*$/, "status ids are snake_case"),
    name: LocalizedText,
    category: z.enum(["OPEN", "CLOSED"]),
    /** Properties that must be filled when a ticket enters this status. */
    requiredProperties: z.array(z.string()).default([]),
    /** Where a ticket in this status goes when the customer writes again. */
    onCustomerReply: z.string().optional(),
    /** SLA clocks stop while a ticket is in this status (e.g. waiting on the customer) and go on after. */
    pausesSla: z.boolean().default(false),
  })
  .transform(({ name, ...s }) => ({ ...s, ...named(name) }));
export type StatusDefinition = z.infer<typeof StatusDefinition>;

export const PipelineDefinition = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9_]*$/, "pipeline ids are snake_case"),
    name: LocalizedText,
    default: z.boolean().default(false),
    statuses: z.array(StatusDefinition).min(2),
  })
  .transform(({ name, ...p }) => ({ ...p, ...named(name) }));
export type PipelineDefinition = z.infer<typeof PipelineDefinition>;

export const TeamDefinition = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9_-]*$/, "team ids are lower-case slugs"),
    name: LocalizedText,
    /** The team's time zone (IANA, e.g. `Asia/Tokyo`) for the dates its agents see; else the help desk's. */
    timeZone: z
      .string()
      .refine(isTimeZone, { error: (issue) => `"${String(issue.input)}" is not an IANA time zone (e.g. Asia/Tokyo, Europe/London)` })
      .optional(),
    /** The business hours the team's SLA clocks count (an id in `calendars`); else the help desk's. */
    calendar: z.string().optional(),
  })
  .transform(({ name, ...t }) => ({ ...t, ...named(name) }));

export const AgentDefinition = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, "agent ids are lower-case slugs"),
  name: z.string().min(1),
  email: z.email().optional(),
  role: z.enum(["admin", "agent"]).default("agent"),
  teams: z.array(z.string()).default([]),
  /** The language the agent reads the help desk in; else their chat platform's, else HELPDESK_LOCALE. */
  locale: z.enum(locales).optional(),
  /**
   * The agent's chat accounts by surface name, for any surface: `{ "slack": "U0123ABCD" }`.
   * `slackUserId` and `discordUserId` say the same for those two surfaces.
   */
  accounts: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/, "surface names are lower-case slugs"), z.string().min(1)).default({}),
  slackUserId: z.string().optional(),
  discordUserId: z.string().optional(),
});
export type AgentDefinition = z.infer<typeof AgentDefinition>;

/** An agent's configured chat accounts, surface by surface (`accounts` with the two shorthands). */
export function agentAccounts(a: Pick<AgentDefinition, "accounts" | "slackUserId" | "discordUserId">): Map<string, string> {
  const accounts = new Map(Object.entries(a.accounts ?? {}));
  if (a.slackUserId !== undefined) accounts.set("slack", a.slackUserId);
  if (a.discordUserId !== undefined) accounts.set("discord", a.discordUserId);
  return accounts;
}

export const defaultPipeline: z.input<typeof PipelineDefinition> = {
  id: "support",
  name: { en: "Support", ja: "サポート" },
  default: true,
  statuses: [
    { id: "new", name: { en: "New", ja: "新規" }, category: "OPEN" },
    { id: "in_progress", name: { en: "In progress", ja: "対応中" }, category: "OPEN" },
    {
      id: "waiting_on_customer",
      name: { en: "Waiting on customer", ja: "顧客返信待ち" },
      category: "OPEN",
      onCustomerReply: "in_progress",
      pausesSla: true,
    },
    { id: "escalated", name: { en: "Escalated", ja: "エスカレーション" }, category: "OPEN" },
    { id: "resolved", name: { en: "Resolved", ja: "解決済み" }, category: "CLOSED", onCustomerReply: "in_progress" },
    { id: "closed", name: { en: "Closed", ja: "クローズ" }, category: "CLOSED", onCustomerReply: "in_progress" },
  ],
};

export const HelpdeskConfig = z
  .object({
    pipelines: z
      .array(PipelineDefinition)
      .min(1)
      .default([PipelineDefinition.parse(defaultPipeline)]),
    properties: z.array(PropertyDefinition).default([]),
    teams: z.array(TeamDefinition).default([]),
    agents: z.array(AgentDefinition).default([]),
    /** Business-hours calendars (core/sla/calendar-config.ts) by id. */
    calendars: z.array(CalendarDefinition).default([]),
    /** The help desk's own calendar (an id in `calendars`), for tickets whose team has none. */
    businessHours: z.string().optional(),
    /** SLA policies, the first that matches a ticket applying (core/sla/sla-config.ts). */
    slaPolicies: z.array(SlaPolicyDefinition).default([]),
    /** Assignment rules (core/assignment/assignment-config.ts). */
    assignmentRules: z.array(AssignmentRule).default([]),
    /** Workflows (core/workflows/workflow-config.ts), run in order on each trigger. */
    /** Without the key: the shipped examples, off (workflow-config.ts shippedWorkflows). */
    workflows: z.array(WorkflowDefinition).default(() => shippedWorkflows.map((w) => WorkflowDefinition.parse(w))),
    /** The targets KPIs are shown against (core/kpis/kpi-config.ts); the seed's without the key. */
    kpiTargets: KpiTargetsConfig.default(kpiTargetDefaults),
    /** The customer satisfaction survey (core/csat/csat-config.ts): sampling, cooldown, expiry. */
    csat: CsatConfig.default(csatDefaults),
    /** Snippets from the configuration (core/snippets/snippet-config.ts), offered with those added in chat. */
    snippets: SnippetDefinitions,
    /** Outgoing webhooks (core/webhooks/webhook-config.ts): endpoints and the events each wants. */
    webhooks: WebhooksConfig,
  })
  .superRefine((cfg, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });
    const dupes = (ids: string[]) => ids.filter((id, i) => ids.indexOf(id) !== i);
    for (const d of dupes(cfg.pipelines.map((p) => p.id))) issue(["pipelines"], `pipeline id "${d}" is used twice`);
    for (const d of dupes(cfg.teams.map((t) => t.id))) issue(["teams"], `team id "${d}" is used twice`);
    for (const d of dupes(cfg.agents.map((a) => a.id))) issue(["agents"], `agent id "${d}" is used twice`);
    for (const d of dupes(cfg.properties.map((p) => p.name))) issue(["properties"], `property "${d}" is declared twice`);
    if (cfg.pipelines.filter((p) => p.default).length > 1) issue(["pipelines"], "only one pipeline may be the default");
    const requirable = new Set<string>([...builtInRequirable, ...cfg.properties.map((p) => p.name)]);
    cfg.pipelines.forEach((p, pi) => {
      const ids = p.statuses.map((s) => s.id);
      for (const d of dupes(ids)) issue(["pipelines", pi, "statuses"], `status id "${d}" is used twice in pipeline ${p.id}`);
      if (!p.statuses.some((s) => s.category === "OPEN")) issue(["pipelines", pi], `pipeline ${p.id} has no OPEN status`);
      if (!p.statuses.some((s) => s.category === "CLOSED")) issue(["pipelines", pi], `pipeline ${p.id} has no CLOSED status`);
      p.statuses.forEach((s, si) => {
        for (const r of s.requiredProperties) {
          if (!requirable.has(r)) issue(["pipelines", pi, "statuses", si, "requiredProperties"], `unknown property "${r}"`);
        }
        if (s.onCustomerReply && !ids.includes(s.onCustomerReply)) {
          issue(["pipelines", pi, "statuses", si, "onCustomerReply"], `no status "${s.onCustomerReply}" in pipeline ${p.id}`);
        }
      });
    });
    cfg.properties.forEach((p, i) => {
      if (p.type === "select" && !p.options?.length) issue(["properties", i, "options"], "a select property needs options");
    });
    const teams = new Set(cfg.teams.map((t) => t.id));
    cfg.agents.forEach((a, i) => {
      for (const t of a.teams) if (!teams.has(t)) issue(["agents", i, "teams"], `unknown team "${t}"`);
      for (const [surface, shorthand] of [
        ["slack", a.slackUserId],
        ["discord", a.discordUserId],
      ] as const) {
        const listed = a.accounts[surface];
        if (shorthand !== undefined && listed !== undefined && listed !== shorthand)
          issue(["agents", i, "accounts", surface], `two different ${surface} accounts (accounts.${surface} and ${surface}UserId)`);
      }
    });
    slaReferences(cfg, issue);
    assignmentReferences(cfg, issue);
    workflowReferences(cfg, issue);
    webhookReferences(cfg, issue);
    // One chat account belongs to one configured agent.
    const holders = new Map<string, string>();
    cfg.agents.forEach((a, i) => {
      for (const [surface, id] of agentAccounts(a)) {
        const held = holders.get(`${surface}\u0000${id}`);
        if (held) issue(["agents", i, "accounts", surface], `the ${surface} account ${id} is also agent ${held}'s`);
        else holders.set(`${surface}\u0000${id}`, a.id);
      }
    });
  });
export type HelpdeskConfig = z.infer<typeof HelpdeskConfig>;

/** Calendars and SLA policies refer only to what exists, and a business-hours policy has hours to count. */
function slaReferences(
  cfg: {
    pipelines: { id: string }[];
    teams: { id: string; calendar?: string | undefined }[];
    calendars: { id: string }[];
    businessHours?: string | undefined;
    slaPolicies: SlaPolicyDefinition[];
  },
  issue: (path: (string | number)[], message: string) => void,
): void {
  const calendars = new Set<string>();
  cfg.calendars.forEach((c, i) => {
    if (calendars.has(c.id)) issue(["calendars", i, "id"], `calendar id "${c.id}" is used twice`);
    calendars.add(c.id);
  });
  if (cfg.businessHours !== undefined && !calendars.has(cfg.businessHours))
    issue(["businessHours"], `no calendar "${cfg.businessHours}" in calendars`);
  cfg.teams.forEach((t, i) => {
    if (t.calendar !== undefined && !calendars.has(t.calendar)) issue(["teams", i, "calendar"], `no calendar "${t.calendar}" in calendars`);
  });
  const pipelines = new Set(cfg.pipelines.map((p) => p.id));
  const teams = new Set(cfg.teams.map((t) => t.id));
  const policies = new Set<string>();
  cfg.slaPolicies.forEach((p, i) => {
    if (policies.has(p.id)) issue(["slaPolicies", i, "id"], `SLA policy id "${p.id}" is used twice`);
    policies.add(p.id);
    for (const id of p.match.pipelines ?? [])
      if (!pipelines.has(id)) issue(["slaPolicies", i, "match", "pipelines"], `no pipeline "${id}"`);
    for (const id of p.match.teams ?? []) if (!teams.has(id)) issue(["slaPolicies", i, "match", "teams"], `no team "${id}"`);
    if (p.hours === "business" && cfg.businessHours === undefined)
      issue(
        ["slaPolicies", i, "hours"],
        `SLA policy "${p.id}" counts business hours, so the help desk needs its own calendar: set businessHours to a calendar id (or set hours to "calendar")`,
      );
  });
}

/** Config with the look-ups the core needs. */
export interface Catalog {
  readonly config: HelpdeskConfig;
  /** The help desk's language (HELPDESK_LOCALE) and time zone (HELPDESK_TIME_ZONE), for whoever has none of their own. */
  readonly locale: Locale;
  readonly timeZone: string;
  /**
   * Whether satisfaction surveys can go by email (the service has the survey link secret and its
   * public address); without, only requesters reachable in chat are surveyed (core/csat).
   */
  readonly surveysByEmail: boolean;
  readonly defaultPipeline: PipelineDefinition;
  pipeline(id: string): PipelineDefinition | undefined;
  status(pipelineId: string, statusId: string): StatusDefinition | undefined;
  property(name: string): PropertyDefinition | undefined;
}

export function buildCatalog(config: HelpdeskConfig, opts: { locale?: Locale; timeZone?: string; surveysByEmail?: boolean } = {}): Catalog {
  const pipelines = new Map(config.pipelines.map((p) => [p.id, p]));
  const properties = new Map(config.properties.map((p) => [p.name, p]));
  const first = config.pipelines.find((p) => p.default) ?? config.pipelines[0];
  if (!first) throw new Error("config has no pipeline");
  return {
    config,
    locale: opts.locale ?? "en",
    timeZone: opts.timeZone ?? "UTC",
    surveysByEmail: opts.surveysByEmail ?? true,
    defaultPipeline: first,
    pipeline: (id) => pipelines.get(id),
    status: (pipelineId, statusId) => pipelines.get(pipelineId)?.statuses.find((s) => s.id === statusId),
    property: (name) => properties.get(name),
  };
}
