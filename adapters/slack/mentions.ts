// Slack's own mentions in what an agent types (`<@U123>`, or `<@U123|name>` in a slash command's
// escaped text): which agents they name, straight from the Slack user id, and how they read in the
// note. The name is never read again as an `@handle` (see resolvedMention).
// @see https://api.slack.com/reference/surfaces/formatting#mentioning-users
import { namedAgentsByChatUsers, resolvedMention } from "../../core/index.js";
import type { SlackContext } from "./context.js";

const userMention = /<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g;

/**
 * `<@U…>` mentions of active agents become `@Name` in the text and mention those agents, in the
 * order they appear; mentions of anyone else are left as Slack wrote them.
 */
export async function slackMentions(ctx: SlackContext, raw: string): Promise<{ text: string; mentionAgentIds: string[] }> {
  const userIds = [...raw.matchAll(userMention)].map((m) => m[1]!);
  if (!userIds.length) return { text: raw, mentionAgentIds: [] };
  const agents = await namedAgentsByChatUsers(ctx.deps, "slack", userIds);
  const text = raw.replace(userMention, (all, id: string) => {
    const agent = agents.get(id);
    return agent ? resolvedMention(agent.name) : all;
  });
  const mentionAgentIds = [...new Set(userIds.flatMap((id) => agents.get(id)?.id ?? []))];
  return { text, mentionAgentIds };
}
