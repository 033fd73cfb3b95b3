// What a customer who wrote in a customer channel sees of their ticket: never the triage card, but
// a reaction on their message that follows the ticket's status (:eyes: while it is open,
// :white_check_mark: once it is closed) and, once, a short reply in their thread with the ticket's
// number in their language. Both follow the ticket's "ticket.changed" rows, after its card. The
// reply is claimed before it is posted, so no crash or retry can show it twice.
import type { WebClient } from "@slack/web-api";
import { deliveryFailure, platformError, refusedBySlack } from "./api.js";
import {
  claimCustomerAck,
  customerOriginOf,
  msg,
  readerFormats,
  recordCustomerAck,
  releaseCustomerAck,
  render,
  type CoreDeps,
  type CustomerOrigin,
  type Logger,
} from "../../core/index.js";

/** The reaction a customer's message carries for each status category of its ticket. */
export const statusReactions: Record<CustomerOrigin["category"], string> = { OPEN: "eyes", CLOSED: "white_check_mark" };

/** Answers after which a reaction is as wanted already. */
const settled = new Set(["already_reacted", "no_reaction"]);
/** Answers no retry mends: the message or channel is gone or closed to the bot. */
const unreachable = new Set(["message_not_found", "channel_not_found", "not_in_channel", "is_archived", "thread_not_found"]);

export interface CustomerStatusOptions {
  deps: Pick<CoreDeps, "db" | "catalog">;
  client: WebClient;
  log: Logger;
  /** Whether a channel is a customer channel (configured or connected). */
  isCustomerChannel(channelId: string): Promise<boolean>;
}

/**
 * Shows the customer their ticket's state under their message; nothing for a ticket that came
 * from elsewhere. A message or channel gone is logged and left; a rate limit or outage is thrown
 * for the outbox to retry (the reaction calls are idempotent, and the acknowledgement is claimed
 * before it is posted).
 * @see https://api.slack.com/methods/reactions.add
 * @see https://api.slack.com/methods/reactions.remove
 */
export function customerStatus(opts: CustomerStatusOptions): (ticketId: number) => Promise<void> {
  const { client, log } = opts;
  const react = async (method: "add" | "remove", origin: CustomerOrigin, name: string): Promise<boolean> => {
    try {
      await client.reactions[method]({ channel: origin.channelId, timestamp: origin.messageId, name });
      return true;
    } catch (e) {
      const code = platformError(e);
      if (code && settled.has(code)) return true;
      if (code && unreachable.has(code)) {
        log.warn("slack customer message unreachable; its status is not shown", { ticket: origin.ticketId, error: code });
        return false;
      }
      throw deliveryFailure(`reactions.${method}`, e);
    }
  };
  return async (ticketId) => {
    const origin = await customerOriginOf(opts.deps, "slack", ticketId);
    if (!origin || !(await opts.isCustomerChannel(origin.channelId))) return;
    const want = statusReactions[origin.category];
    if (!(await react("add", origin, want))) return;
    for (const other of Object.values(statusReactions)) if (other !== want) await react("remove", origin, other);
    if (origin.acknowledged || !(await claimCustomerAck(opts.deps, "slack", origin))) return;
    const f = readerFormats(opts.deps.catalog, { platformLocale: origin.locale });
    let posted: string;
    try {
      const res = await client.chat.postMessage({
        channel: origin.channelId,
        thread_ts: origin.threadId ?? origin.messageId,
        text: render(msg("customers.acknowledged", { ticket: origin.number }), f),
        unfurl_links: false,
        unfurl_media: false,
      });
      posted = String(res.ts);
    } catch (e) {
      const code = platformError(e);
      if (code && unreachable.has(code))
        return void log.warn("slack customer acknowledgement not posted", { ticket: ticketId, error: code });
      // Said once at most: only when Slack answered that it did not post is it tried again.
      if (!refusedBySlack(e))
        return void log.warn("slack customer acknowledgement may not have been posted; not tried again", { ticket: ticketId });
      await releaseCustomerAck(opts.deps, "slack", origin);
      throw deliveryFailure("chat.postMessage", e);
    }
    await recordCustomerAck(opts.deps, "slack", origin, `${origin.channelId}:${posted}`);
  };
}
