import type { HelpdeskConfig } from "../config.js";
import type { CoreDeps } from "../deps.js";
import { withTx } from "../deps.js";
import { isProvisionedAgent } from "./provision-agent.js";

/**
 * Makes the teams and agents in the database match the configuration: config is the source of
 * truth for who is an agent. Agents no longer configured are deactivated, never deleted, so
 * their history keeps its author.
 *
 * Agents a chat platform vouches for (Slack user group members, Discord agent-role holders: see
 * provision-agent.ts) are not the config's to deactivate: they stay as they are across restarts,
 * until their platform stops vouching for them. Only when a configured agent claims one's chat
 * account or email does the configured agent take over, and the provisioned row steps aside.
 */
export async function syncDirectory(deps: CoreDeps, config: HelpdeskConfig): Promise<void> {
  const at = deps.now();
  await withTx(deps, async (tx) => {
    for (const t of config.teams) {
      await tx
        .insertInto("Team")
        .values({ id: t.id, name: t.name })
        .onConflict((oc) => oc.column("id").doUpdateSet({ name: t.name }))
        .execute();
    }
    const ids = config.agents.map((a) => a.id);
    const unlisted = await tx
      .selectFrom("Agent")
      .select(["id", "slackUserId", "discordUserId"])
      .$if(ids.length > 0, (qb) => qb.where("id", "not in", ids))
      .execute();
    const leaving = unlisted.filter((a) => !isProvisionedAgent(a)).map((a) => a.id);
    if (leaving.length) {
      // Free unique chat ids held by agents that are leaving, so a new agent can take them.
      await tx
        .updateTable("Agent")
        .set({ active: false, slackUserId: null, discordUserId: null, email: null })
        .where("id", "in", leaving)
        .execute();
    }
    for (const a of config.agents) {
      const fields = {
        name: a.name,
        email: a.email?.toLowerCase() ?? null,
        role: a.role,
        slackUserId: a.slackUserId ?? null,
        discordUserId: a.discordUserId ?? null,
        active: true,
      };
      // Whoever else holds this agent's chat ids or email gives them up first (a provisioned row
      // of the same person, or a configured agent the config moved them away from, whose own
      // turn in this loop sets its new values and makes it active again).
      const claims = { slackUserId: fields.slackUserId, discordUserId: fields.discordUserId, email: fields.email };
      const claimed = (Object.keys(claims) as (keyof typeof claims)[]).filter((k) => claims[k] !== null);
      if (claimed.length) {
        await tx
          .updateTable("Agent")
          .set({ active: false, slackUserId: null, discordUserId: null, email: null })
          .where("id", "<>", a.id)
          .where((eb) => eb.or(claimed.map((k) => eb(k, "=", claims[k]))))
          .execute();
      }
      await tx
        .insertInto("Agent")
        .values({ id: a.id, createdAt: at, ...fields })
        .onConflict((oc) => oc.column("id").doUpdateSet(fields))
        .execute();
      await tx.deleteFrom("AgentTeam").where("agentId", "=", a.id).execute();
      if (a.teams.length)
        await tx
          .insertInto("AgentTeam")
          .values(a.teams.map((teamId) => ({ agentId: a.id, teamId })))
          .execute();
    }
  });
}
