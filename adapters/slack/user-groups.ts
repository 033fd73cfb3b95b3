// Agents by Slack user group: members of a configured group act as agents without being listed
// in the config's `agents`. Membership comes from usergroups.users.list and is remembered in the
// database (a Lease row per user, with a short expiry), so every replica shares one answer and a
// restart forgets nothing.
// @see https://api.slack.com/methods/usergroups.users.list
// @see https://api.slack.com/methods/users.info
import type { WebClient } from "@slack/web-api";
import type { Actor, CoreDeps } from "../../core/deps.js";
import { prismaCode, withTx } from "../../core/deps.js";
import type { Logger } from "../../core/log.js";
import type { AgentUserGroup } from "./config.js";

/** Agent rows made for group members have this id prefix and the Slack user id after it. */
export const groupAgentPrefix = "slack-";
const cachePrefix = "slack:usergroup-member:";
const noGroup = "-";

export interface AgentGroupResolver {
  /** Whether an Agent row was made for a group member (and so is the resolver's to keep). */
  owns(agentId: string): boolean;
  /**
   * The agent behind a Slack user by group membership: creates or reactivates its row for a
   * member, deactivates it for a former member, null for anyone not in a configured group.
   */
  resolve(slackUserId: string, existing: { id: string; active: boolean } | null): Promise<Actor | null>;
}

export interface AgentGroupOptions {
  deps: CoreDeps;
  log: Logger;
  client: WebClient;
  groups: readonly AgentUserGroup[];
  ttlMs: number;
}

export function groupAgentId(slackUserId: string): string {
  return `${groupAgentPrefix}${slackUserId}`;
}

export function slackAgentGroups(opts: AgentGroupOptions): AgentGroupResolver {
  const { deps, log, client, groups } = opts;

  /** The configured group the user is in (first in config order), from the cache or from Slack. */
  async function membership(userId: string): Promise<AgentUserGroup | null> {
    const now = deps.now();
    const key = cachePrefix + userId;
    const cached = await deps.db.lease.findUnique({ where: { name: key } });
    const fromHolder = (holder: string) => groups.find((g) => g.usergroup === holder) ?? null;
    if (cached && cached.expiresAt > now) return fromHolder(cached.holder);
    let found: AgentUserGroup | null = null;
    try {
      for (const g of groups) {
        const r = await client.usergroups.users.list({ usergroup: g.usergroup, include_disabled: false });
        if ((r.users ?? []).includes(userId)) {
          found = g;
          break;
        }
      }
    } catch (e) {
      // Slack unreachable or rate limited: a recent answer is better than none; no answer refuses.
      log.warn("slack user group lookup failed", { err: e instanceof Error ? e.message : String(e), stale: !!cached });
      return cached ? fromHolder(cached.holder) : null;
    }
    const row = { holder: found?.usergroup ?? noGroup, expiresAt: new Date(now.getTime() + opts.ttlMs) };
    try {
      await deps.db.lease.upsert({ where: { name: key }, create: { name: key, ...row }, update: row });
    } catch (e) {
      // Another replica wrote the same answer at the same moment.
      if (prismaCode(e) !== "P2002") throw e;
    }
    return found;
  }

  async function displayName(userId: string): Promise<{ name: string; usable: boolean } | null> {
    try {
      const r = await client.users.info({ user: userId });
      const u = r.user;
      if (!u) return null;
      const name = u.profile?.real_name || u.real_name || u.profile?.display_name || u.name || userId;
      return { name: name.slice(0, 100), usable: !u.deleted && !u.is_bot };
    } catch (e) {
      log.warn("slack users.info failed", { err: e instanceof Error ? e.message : String(e) });
      return null;
    }
  }

  return {
    owns: (agentId) => agentId.startsWith(groupAgentPrefix),
    async resolve(userId, existing) {
      const group = await membership(userId);
      const id = groupAgentId(userId);
      if (!group) {
        if (existing?.active && existing.id === id) {
          await deps.db.agent.update({ where: { id }, data: { active: false } });
          log.info("slack user left the agent user groups; agent deactivated", { agentId: id });
        }
        return null;
      }
      if (existing?.active && existing.id === id) return { type: "agent", agentId: id };
      // First use, or back after a restart (the directory sync deactivates agents it does not list).
      const profile = await displayName(userId);
      if (profile && !profile.usable) return null;
      if (group.teamId && !(await deps.db.team.findUnique({ where: { id: group.teamId } }))) {
        log.error("slack.agentUserGroups names a team that does not exist", { usergroup: group.usergroup, teamId: group.teamId });
        return null;
      }
      await withTx(deps, async (tx) => {
        const known = await tx.agent.findUnique({ where: { id }, select: { name: true } });
        const fields = { name: profile?.name ?? known?.name ?? userId, role: group.role, slackUserId: userId, active: true };
        await tx.agent.upsert({ where: { id }, create: { id, ...fields }, update: fields });
        await tx.agentTeam.deleteMany({ where: { agentId: id } });
        if (group.teamId) await tx.agentTeam.create({ data: { agentId: id, teamId: group.teamId } });
      });
      log.info("slack user group member acts as an agent", { agentId: id, usergroup: group.usergroup });
      return { type: "agent", agentId: id };
    },
  };
}
