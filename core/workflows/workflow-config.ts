// Workflows in the help desk's configuration: a trigger, conditions on the ticket, and actions, each
// action after an optional delay. Checked at start against the pipelines, teams, agents and rules
// they name, so a typo stops the start with the place it is at.
import { z } from "zod";
import { LocalizedText } from "../localized-text.js";
import { SlaDuration } from "../sla/sla-config.js";
import { ticketSources } from "../tickets/view.js";
import { EndpointUrl, WebhookSecret, WebhookSecretEnv } from "../webhooks/webhook-config.js";

const slug = z.string().regex(/^[a-z][a-z0-9_-]*$/, "ids are lower-case slugs");
const hours = z.enum(["calendar", "business"]).default("calendar");
const rating = z.number().int("a rating is a whole number from 1 to 5").min(1, "a rating is 1 to 5").max(5, "a rating is 1 to 5");
const metrics = z.array(z.enum(["first_response", "next_response", "resolution"])).optional();

export const WorkflowTrigger = z.discriminatedUnion("on", [
  z.strictObject({ on: z.literal("ticket_created") }),
  /** Either list left out matches any status. */
  z.strictObject({ on: z.literal("status_changed"), from: z.array(z.string()).optional(), to: z.array(z.string()).optional() }),
  /** "priority", "team", "subject" or a custom property's name. */
  z.strictObject({ on: z.literal("property_changed"), property: z.string() }),
  z.strictObject({ on: z.literal("customer_replied") }),
  z.strictObject({ on: z.literal("agent_replied") }),
  z.strictObject({ on: z.literal("assigned") }),
  z.strictObject({ on: z.literal("unassigned") }),
  /** Still in `status` this long after entering it ("still New after 24 h"). */
  z.strictObject({ on: z.literal("time_in_status"), status: z.string(), after: SlaDuration, hours }),
  /**
   * This long after the ticket was created, or resolved (moved to a CLOSED status: Resolved, Closed),
   * if it still is then ("1 day after Resolved").
   */
  z.strictObject({ on: z.literal("time_after"), event: z.enum(["created", "resolved"]), after: SlaDuration, hours }),
  z.strictObject({ on: z.literal("sla_warning"), metrics }),
  z.strictObject({ on: z.literal("sla_breach"), metrics }),
  /**
   * A requester rated the ticket in the satisfaction survey (core/csat): any rating, one of `scores`
   * ([1, 2]), or one of at most `atMost` (2: a 1 or a 2).
   */
  z.strictObject({
    on: z.literal("csat_received"),
    scores: z.array(rating).min(1, "scores lists at least one rating").optional(),
    atMost: rating.optional(),
  }),
]);
export type WorkflowTrigger = z.infer<typeof WorkflowTrigger>;

export const WorkflowConditions = z
  .object({
    pipelines: z.array(z.string()).optional(),
    statuses: z.array(z.string()).optional(),
    priorities: z.array(z.enum(["low", "medium", "high", "urgent"])).optional(),
    /** Team ids; `null` in the list matches a ticket without a team. */
    teams: z.array(z.string().nullable()).optional(),
    sources: z.array(z.enum(ticketSources)).optional(),
    owner: z.enum(["set", "unset"]).optional(),
    /** Custom properties that must have exactly these values (`null`: not set). */
    properties: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
    /** Only while the ticket's team's business hours (else the help desk's) are open, or only while closed. */
    withinBusinessHours: z.boolean().optional(),
  })
  .strict();
export type WorkflowConditions = z.infer<typeof WorkflowConditions>;

/** Who a notification goes to: the ticket's owner, its team's members, the admins (managers), or a named agent. */
const Recipient = z.union([z.literal("owner"), z.literal("team"), z.literal("admins"), z.strictObject({ agent: z.string() })]);

const step = {
  /** Waits this long first (from the trigger, or the step before); its conditions are checked again then. */
  delay: SlaDuration.optional(),
  delayHours: hours,
};

export const WorkflowAction = z.discriminatedUnion("do", [
  /**
   * A line in a chat channel: `slack` and/or `discord` channel ids. The text may name the ticket's
   * fields: {number} {subject} {status} {priority} {team} {owner} {requester} {pipeline} {rating}.
   */
  z.strictObject({
    do: z.literal("post_to_channel"),
    slack: z.string().optional(),
    discord: z.string().optional(),
    text: LocalizedText,
    ...step,
  }),
  /** A direct message in chat, and/or an email (`via`), with the text as above. */
  z.strictObject({
    do: z.literal("notify"),
    to: Recipient,
    via: z
      .array(z.enum(["chat", "email"]))
      .min(1)
      .default(["chat"]),
    text: LocalizedText,
    ...step,
  }),
  z.strictObject({ do: z.literal("set_priority"), priority: z.enum(["low", "medium", "high", "urgent"]), ...step }),
  z.strictObject({ do: z.literal("set_status"), status: z.string(), ...step }),
  z.strictObject({ do: z.literal("set_team"), team: z.string().nullable(), ...step }),
  z.strictObject({
    do: z.literal("set_property"),
    property: z.string(),
    value: z.union([z.string(), z.number(), z.boolean(), z.null()]),
    ...step,
  }),
  /** By an assignment rule (its pool, method and capacity). */
  z.strictObject({ do: z.literal("assign"), rule: z.string(), ...step }),
  z.strictObject({ do: z.literal("add_follower"), agent: z.string(), ...step }),
  z.strictObject({ do: z.literal("add_note"), text: LocalizedText, ...step }),
  /**
   * The satisfaction survey to the requester (core/csat/send-survey.ts): in chat or by email, once
   * per ticket, sampled and with a cooldown per contact as the config's `csat` says.
   */
  z.strictObject({ do: z.literal("send_survey"), ...step }),
  /**
   * A signed POST to `url` about the ticket, as outgoing webhooks are sent (core/webhooks): the
   * event `workflow.webhook`, signed with `secret` or the secret in the variable `secretEnv`.
   * Optional here so a workflow that is off may be unfinished; checked once it is on.
   */
  z.strictObject({
    do: z.literal("call_webhook"),
    url: EndpointUrl.optional(),
    secret: WebhookSecret.optional(),
    secretEnv: WebhookSecretEnv.optional(),
    ...step,
  }),
]);
export type WorkflowAction = z.infer<typeof WorkflowAction>;

export const WorkflowDefinition = z.strictObject({
  id: slug,
  name: LocalizedText,
  /** Off: it never runs, and what it names is checked only once it is on (the shipped examples name no channel). */
  enabled: z.boolean().default(true),
  trigger: WorkflowTrigger,
  conditions: WorkflowConditions.default({}),
  actions: z.array(WorkflowAction).min(1),
});
export type WorkflowDefinition = z.infer<typeof WorkflowDefinition>;

type PropertyShape = { name: string; type: string; options?: string[] | undefined };

/** What is wrong with `value` for the custom property `name`, or null (null always fits: not set). */
function propertyValueProblem(properties: readonly PropertyShape[], name: string, value: unknown): string | null {
  const p = properties.find((x) => x.name === name);
  if (!p) return `no custom property "${name}" (priority, team and subject have conditions and actions of their own)`;
  if (value === null) return null;
  const fits =
    p.type === "number"
      ? typeof value === "number"
      : p.type === "boolean"
        ? typeof value === "boolean"
        : p.type === "select"
          ? typeof value === "string" && (p.options ?? []).includes(value)
          : typeof value === "string";
  return fits
    ? null
    : `${JSON.stringify(value)} is not a value of ${p.type} property "${name}"${p.type === "select" ? ` (${(p.options ?? []).join(", ")})` : ""}`;
}

/** Everything a workflow names exists, and it asks for nothing the help desk cannot do yet. */
export function workflowReferences(
  cfg: {
    pipelines: { id: string; statuses: { id: string }[] }[];
    teams: { id: string }[];
    agents: { id: string }[];
    properties: PropertyShape[];
    assignmentRules: { id: string }[];
    businessHours?: string | undefined;
    workflows: WorkflowDefinition[];
  },
  issue: (path: (string | number)[], message: string) => void,
): void {
  const pipelines = new Set(cfg.pipelines.map((p) => p.id));
  const statuses = new Set(cfg.pipelines.flatMap((p) => p.statuses.map((s) => s.id)));
  const teams = new Set(cfg.teams.map((t) => t.id));
  const agents = new Set(cfg.agents.map((a) => a.id));
  const properties = new Set(["priority", "team", "subject", ...cfg.properties.map((p) => p.name)]);
  const rules = new Set(cfg.assignmentRules.map((r) => r.id));
  const ids = new Set<string>();
  cfg.workflows.forEach((w, i) => {
    const at = (...path: (string | number)[]) => ["workflows", i, ...path];
    const say = (path: (string | number)[], what: string) => issue(at(...path), `workflow "${w.id}": ${what}`);
    if (ids.has(w.id)) say(["id"], "this id is used twice");
    ids.add(w.id);
    // One that is off is checked when it is turned on (the shipped examples name no channel yet).
    if (!w.enabled) return;
    const t = w.trigger;
    if (t.on === "status_changed")
      for (const s of [...(t.from ?? []), ...(t.to ?? [])]) if (!statuses.has(s)) say(["trigger"], `no status "${s}"`);
    if (t.on === "time_in_status" && !statuses.has(t.status)) say(["trigger", "status"], `no status "${t.status}"`);
    if (t.on === "property_changed" && !properties.has(t.property)) say(["trigger", "property"], `no property "${t.property}"`);
    if (t.on === "csat_received" && t.scores && t.atMost !== undefined) say(["trigger"], "csat_received takes scores or atMost, not both");
    const c = w.conditions;
    for (const p of c.pipelines ?? []) if (!pipelines.has(p)) say(["conditions", "pipelines"], `no pipeline "${p}"`);
    for (const s of c.statuses ?? []) if (!statuses.has(s)) say(["conditions", "statuses"], `no status "${s}"`);
    for (const id of c.teams ?? []) if (id !== null && !teams.has(id)) say(["conditions", "teams"], `no team "${id}"`);
    for (const [name, value] of Object.entries(c.properties ?? {})) {
      const problem = propertyValueProblem(cfg.properties, name, value);
      if (problem) say(["conditions", "properties", name], problem);
    }
    const business = (t.on === "time_in_status" || t.on === "time_after") && t.hours === "business";
    if (
      (c.withinBusinessHours !== undefined || business || w.actions.some((a) => a.delay && a.delayHours === "business")) &&
      !cfg.businessHours
    )
      say([], "counts business hours, so the help desk needs its own calendar: set businessHours");
    w.actions.forEach((a, k) => {
      const here = ["actions", k];
      if (a.do === "set_status" && !statuses.has(a.status)) say(here, `no status "${a.status}"`);
      if (a.do === "set_team" && a.team !== null && !teams.has(a.team)) say(here, `no team "${a.team}"`);
      if (a.do === "set_property") {
        const problem = propertyValueProblem(cfg.properties, a.property, a.value);
        if (problem) say(here, problem);
      }
      if (a.do === "assign" && !rules.has(a.rule)) say(here, `no assignment rule "${a.rule}"`);
      if (a.do === "add_follower" && !agents.has(a.agent)) say(here, `no agent "${a.agent}"`);
      if (a.do === "notify" && typeof a.to === "object" && !agents.has(a.to.agent)) say(here, `no agent "${a.to.agent}"`);
      if (a.do === "post_to_channel" && a.slack === undefined && a.discord === undefined)
        say(here, "post_to_channel needs a slack or a discord channel id");
      if (a.do === "call_webhook" && a.url === undefined) say(here, "call_webhook needs a url");
      if (a.do === "call_webhook" && (a.secret === undefined) === (a.secretEnv === undefined))
        say(here, "call_webhook needs secret or secretEnv (one of them)");
    });
  });
}

/**
 * The examples the help desk ships with (HubSpot's seed automations), off: turned on in the config
 * once the channel is set (`slack`/`discord`), or, for the survey, once an admin chooses to ask
 * customers (it writes to them, and needs survey emails (SURVEY_LINK_SECRET, PUBLIC_URL and outbound mail) or a chat surface).
 */
export const shippedWorkflows: z.input<typeof WorkflowDefinition>[] = [
  {
    id: "announce-new-tickets",
    name: { en: "Announce new tickets", ja: "新規チケットの通知" },
    enabled: false,
    trigger: { on: "ticket_created" },
    actions: [
      {
        do: "post_to_channel",
        text: { en: "New ticket {number}: {subject} (from {requester})", ja: "新規チケット {number}：{subject}（{requester}）" },
      },
      { do: "notify", to: "owner", via: ["email"], text: { en: "New ticket {number}: {subject}", ja: "新規チケット {number}：{subject}" } },
    ],
  },
  {
    id: "escalate-stale-new",
    name: { en: "Escalate stale new tickets", ja: "放置された新規チケットのエスカレーション" },
    enabled: false,
    trigger: { on: "time_in_status", status: "new", after: "24h" },
    conditions: { owner: "unset" },
    actions: [
      {
        do: "notify",
        to: "admins",
        text: { en: "{number} has been New for 24 hours: {subject}", ja: "{number} は24時間「新規」のままです：{subject}" },
      },
      { do: "set_priority", priority: "high" },
    ],
  },
  {
    id: "survey-after-resolution",
    name: { en: "Satisfaction survey after resolution", ja: "解決後の満足度アンケート" },
    enabled: false,
    trigger: { on: "time_after", event: "resolved", after: "1d" },
    actions: [{ do: "send_survey" }],
  },
];

/** Which workflows run and which are off, and why, as said at start (English, for operators). */
export function workflowsAtStart(workflows: readonly WorkflowDefinition[]): { on: string[]; off: { id: string; why: string }[] } {
  const shipped = new Set(shippedWorkflows.map((w) => w.id));
  return {
    on: workflows.filter((w) => w.enabled).map((w) => w.id),
    off: workflows
      .filter((w) => !w.enabled)
      .map((w) => ({
        id: w.id,
        why: !shipped.has(w.id)
          ? "enabled is false in the config"
          : w.actions.some((a) => a.do === "send_survey")
            ? 'a shipped example: it emails customers a satisfaction survey; copy it into the config\'s "workflows" with "enabled": true (survey emails need SURVEY_LINK_SECRET, PUBLIC_URL and SMTP_URL with an inbox; sampling and cooldown are under "csat")'
            : w.actions.some((a) => a.do === "post_to_channel")
              ? 'a shipped example: copy it into the config\'s "workflows" with a "slack" or "discord" channel id for its post_to_channel and "enabled": true'
              : 'a shipped example: copy it into the config\'s "workflows" with "enabled": true',
      })),
  };
}
