import { agentAccounts, type HelpdeskConfig } from "../config.js";
import type { CoreDeps } from "../deps.js";
import { withTx } from "../deps.js";
import { agentIdentities, agentIdFor, linkAgent, unlinkAgents, unlinkAgentElsewhere } from "../chat/identities.js";
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
      .select("id")
      .$if(ids.length > 0, (qb) => qb.where("id", "not in", ids))
      .execute();
    const held = await agentIdentities(
      tx,
      unlisted.map((a) => a.id),
    );
    const provisioned = new Set(held.filter((h) => isProvisionedAgent(h.agentId, [h])).map((h) => h.agentId));
    const leaving = unlisted.map((a) => a.id).filter((id) => !provisioned.has(id));
    if (leaving.length) {
      // Free the chat accounts and email of agents that are leaving, so a new agent can take them.
      await tx.updateTable("Agent").set({ active: false, email: null }).where("id", "in", leaving).execute();
      await unlinkAgents(tx, leaving);
    }
    for (const a of config.agents) {
      const fields = {
        name: a.name,
        email: a.email?.toLowerCase() ?? null,
        role: a.role,
        active: true,
      };
      const accounts = agentAccounts(a);
      // Whoever else holds this agent's chat accounts or email gives them all up first (a
      // provisioned row of the same person, or a configured agent the config moved them away
      // from, whose own turn in this loop sets its new values and makes it active again).
      const others = new Set<string>();
      for (const [surface, externalId] of accounts) {
        const holder = await agentIdFor(tx, surface, externalId);
        if (holder !== null && holder !== a.id) others.add(holder);
      }
      if (fields.email !== null) {
        const holder = await tx
          .selectFrom("Agent")
          .select("id")
          .where("email", "=", fields.email)
          .where("id", "<>", a.id)
          .executeTakeFirst();
        if (holder) others.add(holder.id);
      }
      if (others.size) {
        await tx
          .updateTable("Agent")
          .set({ active: false, email: null })
          .where("id", "in", [...others])
          .execute();
        await unlinkAgents(tx, [...others]);
      }
      await tx
        .insertInto("Agent")
        .values({ id: a.id, createdAt: at, ...fields })
        .onConflict((oc) => oc.column("id").doUpdateSet(fields))
        .execute();
      // The configured accounts become the agent's identities; a surface with none configured has none.
      await unlinkAgentElsewhere(tx, a.id, [...accounts.keys()]);
      for (const [surface, externalId] of accounts) await linkAgent(tx, surface, externalId, a.id, at);
      await tx.deleteFrom("AgentTeam").where("agentId", "=", a.id).execute();
      if (a.teams.length)
        await tx
          .insertInto("AgentTeam")
          .values(a.teams.map((teamId) => ({ agentId: a.id, teamId })))
          .execute();
    }
  });
}
