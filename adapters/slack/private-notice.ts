// Telling one agent something privately after the HTTP answer is gone (a modal already closed by
// its ack, so no field errors and no response_url): an ephemeral message in the ticket's card
// channel when the ticket has a card, else a direct message from the app.
// @see https://api.slack.com/methods/chat.postEphemeral
// @see https://api.slack.com/methods/chat.postMessage#app_home
import type { WebClient } from "@slack/web-api";
import { cardLinkOf } from "../../core/index.js";
import { platformError } from "./api.js";
import type { SlackContext } from "./context.js";
import { fitEscaped, limits, truncate } from "./escape.js";

/** The channel of a ticket's Slack card, if it has one. */
async function cardChannel(ctx: SlackContext, ticketId: number): Promise<string | null> {
  return (await cardLinkOf(ctx.deps, ticketId, "slack"))?.channelId ?? null;
}

/**
 * Sends `text` to the Slack user only: ephemeral in the card's channel, or (no card, or the
 * ephemeral refused, e.g. the agent is not in that channel) a DM. Never throws: it runs after the
 * ack, where nobody else could report the failure; it logs instead.
 */
export async function tellPrivately(
  ctx: SlackContext,
  client: WebClient,
  to: { userId: string; ticketId?: number | undefined },
  text: string,
): Promise<"ephemeral" | "dm" | "failed"> {
  const body = truncate(text, limits.messageText);
  let channel: string | null = null;
  try {
    channel = to.ticketId ? await cardChannel(ctx, to.ticketId) : null;
  } catch (e) {
    ctx.log.warn("slack card channel look-up failed", { ticket: to.ticketId, err: e instanceof Error ? e.message : String(e) });
  }
  if (channel) {
    try {
      await client.chat.postEphemeral({ channel, user: to.userId, text: body });
      return "ephemeral";
    } catch (e) {
      ctx.log.info("slack ephemeral refused; sending a DM instead", { ticket: to.ticketId, error: platformError(e) ?? "error" });
    }
  }
  try {
    await client.chat.postMessage({ channel: to.userId, text: body });
    return "dm";
  } catch (e) {
    ctx.log.error("could not tell a Slack user privately", {
      ticket: to.ticketId,
      error: platformError(e) ?? (e instanceof Error ? e.message : String(e)),
    });
    return "failed";
  }
}

/** Text the agent typed, quoted back to them so they can copy it (escaped: it pings nobody). */
export function quoteBack(text: string, max = 2_500): string {
  return fitEscaped(text.trim(), max)
    .text.split("\n")
    .map((l) => `>${l}`)
    .join("\n");
}

/** The typed text quoted back after `intro` ("Your note was not saved…"), for refusals that leave it nowhere else. */
export const quoted = (intro: string, text: string | undefined) => (text?.trim() ? `${intro}\n${quoteBack(text)}` : undefined);
