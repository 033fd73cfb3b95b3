// What Slack tells of a customer: their name and address (users.info; the address needs the
// users:read.email scope) and their organisation when they write from another workspace (team.info,
// scope team:read). Neither is essential: the contact is found by user id, and the channel's
// configured company stands in for an organisation Slack does not describe.
import type { WebClient } from "@slack/web-api";
import { actorFor, type SlackContext, type SlackUser } from "./context.js";
import type { Actor, CompanyHint } from "../../core/index.js";

export interface CustomerProfile {
  name: string | null;
  email: string | null;
  /** Their own workspace. */
  teamId: string | null;
}

interface SlackProfile {
  real_name?: string;
  display_name?: string;
  email?: string;
}

const failure = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** @see https://api.slack.com/methods/users.info */
export async function customerProfile(ctx: SlackContext, client: WebClient, userId: string): Promise<CustomerProfile> {
  try {
    const res = await client.users.info({ user: userId });
    const u = res.user as { name?: string; real_name?: string; team_id?: string; profile?: SlackProfile } | undefined;
    const name = u?.profile?.real_name?.trim() || u?.profile?.display_name?.trim() || u?.real_name?.trim() || u?.name?.trim() || null;
    return { name, email: u?.profile?.email?.trim() || null, teamId: u?.team_id ?? null };
  } catch (e) {
    ctx.log.info("users.info failed; the customer is known by their user id only", { err: failure(e) });
    return { name: null, email: null, teamId: null };
  }
}

/**
 * The company of another workspace: by its email domain when Slack lists one, else by the
 * workspace's own address (acme.slack.com), named as the workspace is. Null when Slack will not say.
 * @see https://api.slack.com/methods/team.info
 */
export async function organisationOf(ctx: SlackContext, client: WebClient, teamId: string): Promise<CompanyHint | null> {
  try {
    const res = await client.team.info({ team: teamId });
    const team = res.team as { name?: string; domain?: string; email_domain?: string } | undefined;
    const emailDomain = team?.email_domain
      ?.split(",")
      .map((d) => d.trim())
      .find(Boolean);
    const domain = emailDomain || (team?.domain ? `${team.domain}.slack.com` : null);
    return domain ? { domain, name: team?.name ?? null } : null;
  } catch (e) {
    ctx.log.info("team.info failed; the channel's company stands in for the customer's organisation", { team: teamId, err: failure(e) });
    return null;
  }
}

/**
 * The agent behind a Slack user acting on a customer channel (reacting to a message, connecting
 * the channel), or null. Customers in shared channels are never agents, whatever their workspace,
 * yet these payloads (reaction_added, slash commands) do not say the user's own workspace: Slack
 * is asked (users.info), and its answer goes through the same rule as every listener's (actorFor).
 * Someone whose workspace Slack does not tell, or tells otherwise than the payload, is no agent here.
 */
export async function agentInCustomerChannel(ctx: SlackContext, client: WebClient, user: SlackUser): Promise<Actor | null> {
  const { teamId } = await customerProfile(ctx, client, user.id);
  if (!teamId || (user.teamId && user.teamId !== teamId)) return null;
  return actorFor(ctx, { ...user, teamId });
}
