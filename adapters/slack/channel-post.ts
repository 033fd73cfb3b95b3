// A workflow's post in a Slack channel named in the configuration ("chat.post" outbox rows): its
// text, escaped so it pings nobody, and a link to the ticket's card when it has one.
import type { KnownBlock } from "@slack/types";
import { fitEscaped, limits } from "./escape.js";

/**
 * The post: the text in a section (the workflow wrote it in the help desk's language; customer
 * words in it are escaped like a thread post's) and, under it, the ticket's number linking to its
 * card. `text` is what notifications and clients without blocks show.
 * @see https://api.slack.com/reference/block-kit/blocks#context
 */
export function channelPost(p: { ticketId: number; text: string }, cardUrl: string | null): { text: string; blocks: KnownBlock[] } {
  const blocks: KnownBlock[] = [{ type: "section", text: { type: "mrkdwn", text: fitEscaped(p.text, limits.sectionText).text } }];
  if (cardUrl) blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: `:ticket: <${cardUrl}|#${p.ticketId}>` }] });
  return { text: fitEscaped(p.text, limits.messageText).text, blocks };
}
