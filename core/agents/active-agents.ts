import type { AgentContext } from "../access.js";
import type { CoreDeps } from "../deps.js";

/**
 * Every active agent with its teams, by name: who a form may offer as a ticket's owner (the
 * adapter keeps those who can see the ticket's team; the use case checks the choice again).
 */
export async function activeAgents(deps: Pick<CoreDeps, "db">): Promise<AgentContext[]> {
  const rows = await deps.db
    .selectFrom("Agent as a")
    .leftJoin("AgentTeam as m", "m.agentId", "a.id")
    .select(["a.id", "a.name", "a.role", "m.teamId"])
    .where("a.active", "=", true)
    .orderBy("a.name")
    .orderBy("a.id")
    .orderBy("m.teamId")
    .execute();
  const agents = new Map<string, AgentContext>();
  for (const r of rows) {
    let a = agents.get(r.id);
    if (!a) agents.set(r.id, (a = { id: r.id, name: r.name, role: r.role === "admin" ? "admin" : "agent", teamIds: [] }));
    if (r.teamId) a.teamIds.push(r.teamId);
  }
  return [...agents.values()];
}
