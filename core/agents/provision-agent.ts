// Agents a chat platform vouches for: members of a configured Slack user group or holders of the
// Discord agent role act as agents without being listed in the config's `agents`. Their Agent row
// is made (or brought back) on first use and deactivated when the platform stops vouching for
// them. The directory sync leaves these rows alone (see isProvisionedAgent).
import { agentIdFor, linkAgent } from "../chat/identities.js";
import type { CoreDeps } from "../deps.js";
import { withTx } from "../deps.js";
import type { ChatSurface } from "../outbox/delivery.js";

export type ProvisionSurface = ChatSurface;

export interface ProvisionAgentInput {
  surface: ProvisionSurface;
  /** The platform's user id (Slack `U…`, Discord snowflake). */
  userId: string;
  /** True: the platform vouches for the user (make or update the row). False: it stopped (deactivate the row, if any). */
  active: boolean;
  /** The name to show; absent keeps the row's name (or the user id, for a new row). */
  name?: string | null | undefined;
  /** Absent keeps the row's email; null clears it. Taken only while no other agent has it. */
  email?: string | null | undefined;
  /** Defaults to "agent". */
  role?: "admin" | "agent" | undefined;
  /** The agent's teams, replacing the row's; absent keeps them. Every one must exist. */
  teamIds?: readonly string[] | undefined;
}

export type ProvisionAgentResult =
  /** The row is active, with the input's fields. */
  | { outcome: "active"; agentId: string }
  /** The row is inactive; `deactivated` says whether it was active until now. */
  | { outcome: "inactive"; agentId: string; deactivated: boolean }
  /** Refused, nothing written: a team in `teamIds` does not exist. */
  | { outcome: "unknown_team"; agentId: string; teamId: string };

/** The id of the Agent row made for a platform user: the surface's name and a dash, then the user id. */
export function provisionedAgentId(surface: ProvisionSurface, userId: string): string {
  return `${surface}-${userId}`;
}

/**
 * Whether an Agent row was made by provisionAgent rather than by the directory sync: its id is
 * the surface prefix followed by the chat user id it holds (`identities`: its chat identities).
 * (A row whose chat identity was taken away no longer counts: nothing vouches for it until its
 * user acts again.)
 */
export function isProvisionedAgent(agentId: string, identities: readonly { surface: string; externalId: string }[]): boolean {
  return identities.some((i) => agentId === provisionedAgentId(i.surface as ProvisionSurface, i.externalId));
}

/**
 * Makes, updates or deactivates the Agent row of a platform user the platform vouches for (or
 * stopped vouching for). One transaction; two replicas provisioning the same user at once both
 * end with the same row (the id decides).
 */
export async function provisionAgent(deps: CoreDeps, input: ProvisionAgentInput): Promise<ProvisionAgentResult> {
  const agentId = provisionedAgentId(input.surface, input.userId);
  if (!input.active) {
    const res = await deps.db
      .updateTable("Agent")
      .set({ active: false })
      .where("id", "=", agentId)
      .where("active", "=", true)
      .executeTakeFirst();
    return { outcome: "inactive", agentId, deactivated: Number(res.numUpdatedRows) > 0 };
  }
  const teamIds = input.teamIds ? [...new Set(input.teamIds)] : undefined;
  return withTx(deps, async (tx) => {
    if (teamIds?.length) {
      const found = new Set((await tx.selectFrom("Team").select("id").where("id", "in", teamIds).execute()).map((t) => t.id));
      const missing = teamIds.find((id) => !found.has(id));
      if (missing) return { outcome: "unknown_team", agentId, teamId: missing };
    }
    const known = await tx.selectFrom("Agent").select("name").where("id", "=", agentId).executeTakeFirst();
    const name = (input.name || known?.name || input.userId).slice(0, 100);
    let email: string | null | undefined = input.email === undefined ? undefined : input.email?.toLowerCase() || null;
    if (email) {
      // An address another agent (a configured one, say) has stays theirs: the unique key would refuse it.
      const holder = await tx.selectFrom("Agent").select("id").where("email", "=", email).where("id", "<>", agentId).executeTakeFirst();
      if (holder) email = undefined;
    }
    const fields = {
      name,
      role: input.role ?? "agent",
      active: true,
      ...(email !== undefined ? { email } : {}),
    };
    await tx
      .insertInto("Agent")
      .values({ id: agentId, createdAt: deps.now(), ...fields })
      .onConflict((oc) => oc.column("id").doUpdateSet(fields))
      .execute();
    // The account is the row's, unless another agent (a configured one) holds it: that one keeps it.
    const holder = await agentIdFor(tx, input.surface, input.userId);
    if (holder === null) await linkAgent(tx, input.surface, input.userId, agentId, deps.now());
    if (teamIds) {
      await tx.deleteFrom("AgentTeam").where("agentId", "=", agentId).execute();
      if (teamIds.length)
        await tx
          .insertInto("AgentTeam")
          .values(teamIds.map((teamId) => ({ agentId, teamId })))
          .execute();
    }
    return { outcome: "active", agentId };
  });
}
