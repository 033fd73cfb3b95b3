// Agents by Slack user group: members of a configured group act as agents without being listed
// in the config's `agents`. Membership comes from usergroups.users.list and is remembered by the
// core for a short while (an expiring key per user), so every replica shares one answer and a
// restart forgets nothing. The agent row is the core's provisionAgent, as for Discord's agent role.
// @see https://api.slack.com/methods/usergroups.users.list
// @see https://api.slack.com/methods/users.info
import type { WebClient } from "@slack/web-api";
import type { AgentUserGroup } from "./config.js";
import {
  type Actor,
  type CoreDeps,
  type Logger,
  provisionAgent,
  provisionedAgentId,
  rememberedMembership,
  rememberMembership,
} from "../../core/index.js";

/** Agent rows made for group members have this id prefix and the Slack user id after it. */
export const groupAgentPrefix = provisionedAgentId("slack", "");

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
  return provisionedAgentId("slack", slackUserId);
}

export function slackAgentGroups(opts: AgentGroupOptions): AgentGroupResolver {
  const { deps, log, client, groups } = opts;

  /** The configured group the user is in (first in config order), from the cache or from Slack. */
  async function membership(userId: string): Promise<AgentUserGroup | null> {
    const cached = await rememberedMembership(deps, "slack", userId);
    const configured = (usergroup: string | null) => groups.find((g) => g.usergroup === usergroup) ?? null;
    if (cached?.fresh) return configured(cached.group);
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
      return cached ? configured(cached.group) : null;
    }
    await rememberMembership(deps, "slack", userId, found?.usergroup ?? null, opts.ttlMs);
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
          await provisionAgent(deps, { surface: "slack", userId, active: false });
          log.info("slack user left the agent user groups; agent deactivated", { agentId: id });
        }
        return null;
      }
      if (existing?.active && existing.id === id) return { type: "agent", agentId: id };
      // First use, or back after Slack said they had left the groups.
      const profile = await displayName(userId);
      if (profile && !profile.usable) return null;
      const made = await provisionAgent(deps, {
        surface: "slack",
        userId,
        // Slack unreachable: the row keeps the name it has (the user id for a new one).
        name: profile?.name,
        role: group.role,
        teamIds: group.teamId ? [group.teamId] : [],
        active: true,
      });
      if (made.outcome === "unknown_team") {
        log.error("slack.agentUserGroups names a team that does not exist", { usergroup: group.usergroup, teamId: made.teamId });
        return null;
      }
      log.info("slack user group member acts as an agent", { agentId: id, usergroup: group.usergroup });
      return { type: "agent", agentId: id };
    },
  };
}
