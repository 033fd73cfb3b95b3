// Who an assignment rule may give a ticket to right now: its pool in a stable order, and which of
// them are available (active, not away, under capacity, able to see the ticket's team), or that
// nobody is because the rule follows business hours and they are closed.
import type { Catalog } from "../config.js";
import type { Queryable } from "../db.js";
import { slaSetup } from "../sla/policies.js";
import type { AssignmentRule } from "./assignment-config.js";

/** Why an agent of the pool is passed over. */
export type PassedOver = "inactive" | "away" | "at_capacity" | "not_in_team";

export interface PoolAgent {
  id: string;
  name: string;
  /** Open, not deleted tickets the agent owns now. */
  open: number;
  /** Null when the agent may be given the ticket. */
  passedOver: PassedOver | null;
}

export interface RulePool {
  /** The pool in its stable order: `agents` as listed, else the team's members by id. */
  agents: PoolAgent[];
  /** The rule follows business hours and they are closed now: nobody is available. */
  closed: boolean;
}

/** The rule's calendar when it follows business hours: its team's, else the help desk's (null: none). */
export function ruleCalendar(catalog: Catalog, rule: AssignmentRule): string | null {
  const team = rule.team === undefined ? undefined : catalog.config.teams.find((t) => t.id === rule.team);
  return team?.calendar ?? catalog.config.businessHours ?? null;
}

/**
 * The rule's pool as it stands for a ticket of `teamId` at `at`. Run it after taking the rule's
 * cursor lock (assign-by-rule.ts), so the open counts include every assignment committed before.
 */
export async function rulePool(q: Queryable, catalog: Catalog, rule: AssignmentRule, teamId: string | null, at: Date): Promise<RulePool> {
  const closed = rule.followBusinessHours && !slaSetup(catalog).workingTime(ruleCalendar(catalog, rule)).isOpen(at);
  const rows = rule.agents
    ? await q.selectFrom("Agent").select(["id", "name", "role", "active", "away"]).where("id", "in", rule.agents).execute()
    : await q
        .selectFrom("Agent as a")
        .innerJoin("AgentTeam as m", "m.agentId", "a.id")
        .select(["a.id", "a.name", "a.role", "a.active", "a.away"])
        // A rule without `agents` has a team (assignment-config.ts).
        .where("m.teamId", "=", rule.team ?? "")
        .orderBy("a.id")
        .execute();
  if (rule.agents) {
    const order = new Map(rule.agents.map((id, i) => [id, i]));
    rows.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  }
  if (rows.length === 0) return { agents: [], closed };
  const ids = rows.map((r) => r.id);
  const counts = await q
    .selectFrom("Ticket")
    .select(["ownerId", (eb) => eb.fn.countAll<number>().as("n")])
    .where("open", "=", true)
    .where("deletedAt", "is", null)
    .where("ownerId", "in", ids)
    .groupBy("ownerId")
    .execute();
  const openOf = new Map(counts.map((c) => [c.ownerId, Number(c.n)]));
  // Who can see the ticket: anyone when it has no team, else admins and the team's members.
  const members =
    teamId === null
      ? null
      : new Set(
          (await q.selectFrom("AgentTeam").select("agentId").where("teamId", "=", teamId).where("agentId", "in", ids).execute()).map(
            (m) => m.agentId,
          ),
        );
  const agents = rows.map((r): PoolAgent => {
    const open = openOf.get(r.id) ?? 0;
    const passedOver: PassedOver | null = !r.active
      ? "inactive"
      : r.away
        ? "away"
        : members !== null && r.role !== "admin" && !members.has(r.id)
          ? "not_in_team"
          : rule.capacity !== undefined && open >= rule.capacity
            ? "at_capacity"
            : null;
    return { id: r.id, name: r.name, open, passedOver };
  });
  return { agents, closed };
}

/**
 * Round-robin: the first available agent after `lastAgentId` in the pool's order, wrapping
 * around (from the start when the last one is no longer in the pool).
 */
export function nextInTurn(pool: readonly PoolAgent[], lastAgentId: string | null): PoolAgent | null {
  const from = pool.findIndex((a) => a.id === lastAgentId);
  for (let k = 1; k <= pool.length; k++) {
    const a = pool[(from + k) % pool.length];
    if (a?.passedOver === null) return a;
  }
  return null;
}

/** Least open: the available agent owning the fewest open tickets, the earlier in the pool on a tie. */
export function leastOpen(pool: readonly PoolAgent[]): PoolAgent | null {
  let best: PoolAgent | null = null;
  for (const a of pool) if (a.passedOver === null && (best === null || a.open < best.open)) best = a;
  return best;
}
