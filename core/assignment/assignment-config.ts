// Assignment rules in the help desk's configuration: who a rule may give tickets to, how it picks
// (round-robin, or the agent with the fewest open tickets), how many open tickets an agent may
// hold, and whether it assigns tickets entering its team or pipelines on its own.
import { z } from "zod";

const slug = z.string().regex(/^[a-z][a-z0-9_-]*$/, "ids are lower-case slugs");

export const AssignmentRule = z
  .object({
    id: slug,
    /** Its pool is this team's members (unless `agents` names them), and tickets entering the team are its own. */
    team: z.string().optional(),
    /** Tickets entering these pipelines (created in one, or moved to one) are its own. */
    pipelines: z.array(z.string()).optional(),
    /** Who it may give tickets to; by default the members of `team`. */
    agents: z.array(z.string()).optional(),
    /** "round_robin": the next in turn; "least_open": whoever holds the fewest open tickets. */
    method: z.enum(["round_robin", "least_open"]).default("round_robin"),
    /** The most open tickets an agent may own; at it they are passed over. */
    capacity: z.number().int().positive().optional(),
    /** Only while the team's business hours (its calendar, else the help desk's) are open. */
    followBusinessHours: z.boolean().default(false),
    /** Assign tickets entering its team or pipelines on its own; false: only a workflow's "assign" action uses it. */
    auto: z.boolean().default(true),
  })
  .refine((r) => r.team !== undefined || r.agents !== undefined, {
    message: "an assignment rule needs a team (its members are the pool) or a list of agents",
  });
export type AssignmentRule = z.infer<typeof AssignmentRule>;

/**
 * Rules refer only to teams, pipelines and agents that exist, and a rule that follows business
 * hours has a calendar to follow (its team's, else the help desk's `businessHours`).
 */
export function assignmentReferences(
  cfg: {
    pipelines: { id: string }[];
    teams: { id: string; calendar?: string | undefined }[];
    agents: { id: string }[];
    calendars: { id: string }[];
    businessHours?: string | undefined;
    assignmentRules: AssignmentRule[];
  },
  issue: (path: (string | number)[], message: string) => void,
): void {
  const pipelines = new Set(cfg.pipelines.map((p) => p.id));
  const teams = new Set(cfg.teams.map((t) => t.id));
  const agents = new Set(cfg.agents.map((a) => a.id));
  const ids = new Set<string>();
  cfg.assignmentRules.forEach((r, i) => {
    if (ids.has(r.id)) issue(["assignmentRules", i, "id"], `assignment rule id "${r.id}" is used twice`);
    ids.add(r.id);
    if (r.team !== undefined && !teams.has(r.team)) issue(["assignmentRules", i, "team"], `no team "${r.team}"`);
    for (const id of r.pipelines ?? []) if (!pipelines.has(id)) issue(["assignmentRules", i, "pipelines"], `no pipeline "${id}"`);
    for (const id of r.agents ?? []) if (!agents.has(id)) issue(["assignmentRules", i, "agents"], `no agent "${id}"`);
    const calendar = cfg.teams.find((t) => t.id === r.team)?.calendar ?? cfg.businessHours;
    if (r.followBusinessHours && calendar === undefined)
      issue(
        ["assignmentRules", i, "followBusinessHours"],
        `assignment rule "${r.id}" follows business hours, so it needs a calendar: give ${r.team === undefined ? "the rule a team with a calendar" : `team "${r.team}" a calendar`}, or set businessHours`,
      );
  });
}
