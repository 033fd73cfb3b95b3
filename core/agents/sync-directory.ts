import type { HelpdeskConfig } from "../config.js";
import type { CoreDeps } from "../deps.js";
import { withTx } from "../deps.js";

/**
 * Makes the teams and agents in the database match the configuration: config is the source of
 * truth for who is an agent. Agents no longer configured are deactivated, never deleted, so
 * their history keeps its author.
 */
export async function syncDirectory(deps: CoreDeps, config: HelpdeskConfig): Promise<void> {
  await withTx(deps, async (tx) => {
    for (const t of config.teams) {
      await tx.team.upsert({ where: { id: t.id }, create: t, update: { name: t.name } });
    }
    const ids = config.agents.map((a) => a.id);
    // Free unique chat ids held by agents that are leaving, so a new agent can take them.
    await tx.agent.updateMany({
      where: { id: { notIn: ids } },
      data: { active: false, slackUserId: null, discordUserId: null, email: null },
    });
    for (const a of config.agents) {
      const fields = {
        name: a.name,
        email: a.email?.toLowerCase() ?? null,
        role: a.role,
        slackUserId: a.slackUserId ?? null,
        discordUserId: a.discordUserId ?? null,
        active: true,
      };
      await tx.agent.upsert({ where: { id: a.id }, create: { id: a.id, ...fields }, update: fields });
      await tx.agentTeam.deleteMany({ where: { agentId: a.id } });
      if (a.teams.length) await tx.agentTeam.createMany({ data: a.teams.map((teamId) => ({ agentId: a.id, teamId })) });
    }
  });
}
