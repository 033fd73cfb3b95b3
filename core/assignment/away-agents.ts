import { requireAgent } from "../access.js";
import type { Actor, CoreDeps } from "../deps.js";

/** An agent who is away, and since when. */
export interface AwayAgent {
  id: string;
  name: string;
  awaySince: Date | null;
  teamIds: string[];
}

/** The active agents who are away now, those away longest first: for any agent to see who is out. */
export async function awayAgents(deps: CoreDeps, actor: Actor): Promise<AwayAgent[]> {
  await requireAgent(deps.db, actor);
  const rows = await deps.db
    .selectFrom("Agent as a")
    .leftJoin("AgentTeam as m", "m.agentId", "a.id")
    .select(["a.id", "a.name", "a.awaySince", "m.teamId"])
    .where("a.active", "=", true)
    .where("a.away", "=", true)
    .orderBy("a.awaySince")
    .orderBy("a.name")
    .orderBy("a.id")
    .orderBy("m.teamId")
    .execute();
  const agents = new Map<string, AwayAgent>();
  for (const r of rows) {
    let a = agents.get(r.id);
    if (!a) agents.set(r.id, (a = { id: r.id, name: r.name, awaySince: r.awaySince, teamIds: [] }));
    if (r.teamId) a.teamIds.push(r.teamId);
  }
  return [...agents.values()];
}
