import { z } from "zod";

/** Custom ticket properties an admin declares; values are validated against these. */
export const PropertyDefinition = z.object({
  name: z.string().regex(/^[a-z][a-z0-9_]*$/, "property names are snake_case"),
  label: z.string().min(1),
  type: z.enum(["text", "number", "boolean", "select", "date"]),
  options: z.array(z.string().min(1)).optional(),
});
export type PropertyDefinition = z.infer<typeof PropertyDefinition>;

/** Fields of the ticket itself that a status may require on entry, beside custom properties. */
export const builtInRequirable = ["owner", "team", "contact"] as const;

export const StatusDefinition = z.object({
  id: z.string().regex(/^[a-z][a-z0-9_]*$/, "status ids are snake_case"),
  name: z.string().min(1),
  category: z.enum(["OPEN", "CLOSED"]),
  /** Properties that must be filled when a ticket enters this status. */
  requiredProperties: z.array(z.string()).default([]),
  /** Where a ticket in this status goes when the customer writes again. */
  onCustomerReply: z.string().optional(),
});
export type StatusDefinition = z.infer<typeof StatusDefinition>;

export const PipelineDefinition = z.object({
  id: z.string().regex(/^[a-z][a-z0-9_]*$/, "pipeline ids are snake_case"),
  name: z.string().min(1),
  default: z.boolean().default(false),
  statuses: z.array(StatusDefinition).min(2),
});
export type PipelineDefinition = z.infer<typeof PipelineDefinition>;

export const TeamDefinition = z.object({
  id: z.string().regex(/^[a-z][a-z0-9_-]*$/, "team ids are lower-case slugs"),
  name: z.string().min(1),
});

export const AgentDefinition = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, "agent ids are lower-case slugs"),
  name: z.string().min(1),
  email: z.email().optional(),
  role: z.enum(["admin", "agent"]).default("agent"),
  teams: z.array(z.string()).default([]),
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
  name: "Support",
  default: true,
  statuses: [
    { id: "new", name: "New", category: "OPEN" },
    { id: "in_progress", name: "In progress", category: "OPEN" },
    { id: "waiting_on_customer", name: "Waiting on customer", category: "OPEN", onCustomerReply: "in_progress" },
    { id: "escalated", name: "Escalated", category: "OPEN" },
    { id: "resolved", name: "Resolved", category: "CLOSED", onCustomerReply: "in_progress" },
    { id: "closed", name: "Closed", category: "CLOSED", onCustomerReply: "in_progress" },
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

/** Config with the look-ups the core needs. */
export interface Catalog {
  readonly config: HelpdeskConfig;
  readonly defaultPipeline: PipelineDefinition;
  pipeline(id: string): PipelineDefinition | undefined;
  status(pipelineId: string, statusId: string): StatusDefinition | undefined;
  property(name: string): PropertyDefinition | undefined;
}

export function buildCatalog(config: HelpdeskConfig): Catalog {
  const pipelines = new Map(config.pipelines.map((p) => [p.id, p]));
  const properties = new Map(config.properties.map((p) => [p.name, p]));
  const first = config.pipelines.find((p) => p.default) ?? config.pipelines[0];
  if (!first) throw new Error("config has no pipeline");
  return {
    config,
    defaultPipeline: first,
    pipeline: (id) => pipelines.get(id),
    status: (pipelineId, statusId) => pipelines.get(pipelineId)?.statuses.find((s) => s.id === statusId),
    property: (name) => properties.get(name),
  };
}
