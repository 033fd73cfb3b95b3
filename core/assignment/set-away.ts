import { loadAgent, requireAgent } from "../access.js";
import type { Actor, CoreDeps } from "../deps.js";
import { withTx } from "../deps.js";
import { forbidden, invalid } from "../errors.js";
import { msg } from "../i18n/translate.js";

export interface SetAwayInput {
  /** Whose availability: another agent (admins only); the acting agent when left out. */
  agentId?: string | undefined;
  /** True: away (assignment rules pass them over); false: back. */
  away: boolean;
}

/** An agent's availability for assignment rules. */
export interface AgentAvailability {
  id: string;
  name: string;
  away: boolean;
  /** Since when they are away; null when they are not. */
  awaySince: Date | null;
  /** False when they already were as asked (nothing was written). */
  changed: boolean;
}

/**
 * An agent sets themselves away or back; an admin may do it for any agent. Away agents are passed
 * over by assignment rules (core/assignment/pool.ts) and keep the tickets they own. Nothing about a
 * ticket changes, so no timeline event is recorded. Setting the state an agent already has
 * changes nothing, and keeps the time they went away.
 */
export async function setAway(deps: CoreDeps, input: SetAwayInput, actor: Actor): Promise<AgentAvailability> {
  const at = deps.now();
  return withTx(deps, async (tx) => {
    const me = await requireAgent(tx, actor);
    const agentId = input.agentId ?? me.id;
    if (agentId !== me.id && me.role !== "admin") throw forbidden(msg("assignment.onlyAdminsForOthers"));
    const agent = agentId === me.id ? me : await loadAgent(tx, agentId);
    if (!agent) throw invalid(msg("errors.agentUnknown", { agent: agentId }), { agentId: msg("fields.unknownAgent") });
    const done = await tx
      .updateTable("Agent")
      .set({ away: input.away, awaySince: input.away ? at : null })
      .where("id", "=", agent.id)
      .where("away", "=", !input.away)
      .executeTakeFirst();
    const row = await tx.selectFrom("Agent").select(["away", "awaySince"]).where("id", "=", agent.id).executeTakeFirstOrThrow();
    return { id: agent.id, name: agent.name, away: row.away, awaySince: row.awaySince, changed: Number(done.numUpdatedRows) === 1 };
  });
}
