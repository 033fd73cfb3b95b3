// The survey of a requester Slack will not let the bot write to directly: a customer of another
// organisation in a Slack Connect channel, who has no direct conversation with the bot. It goes in
// their ticket's thread in the customer channel instead, addressed to them by name (text, never a
// mention), with the same rating buttons. Others in the channel can see it and click; the core
// takes the answer from the requester's account only, and the click handler tells anyone else so
// privately.
// @see https://api.slack.com/apis/channels-between-orgs
import type { KnownBlock } from "@slack/types";
import type { WebClient } from "@slack/web-api";
import { call, deliveryFailure, platformError } from "./api.js";
import { fitEscaped } from "./escape.js";
import {
  type ChatSurveyPayload,
  type CoreDeps,
  customerOriginOf,
  DeliveryError,
  Formats,
  type Locale,
  msg,
  render,
  ticketCardView,
} from "../../core/index.js";

/** Where a survey message is: its channel and ts. */
export type SurveyPlace = { channel: string; ts: string };

/** The rating buttons' block id in the thread: it carries the survey's language for the refusal said to someone else. */
export const threadRateBlock = (locale: Locale) => `csat.rate.${locale}`;
const threadRateLocale = /^csat\.rate\.([a-z]{2})$/;

/** The survey's language a click in a thread survey came with, if it did. */
export function localeOfRateBlock(blockId: string | undefined): string | undefined {
  return blockId ? threadRateLocale.exec(blockId)?.[1] : undefined;
}

/** The thread's survey: the question to the requester by name, the rating buttons (`buttons`), the scale and who may answer. */
export function threadSurveyMessage(
  p: ChatSurveyPayload,
  name: string | null,
  buttons: KnownBlock,
): { text: string; blocks: KnownBlock[] } {
  const f = new Formats(p.locale);
  const say = (m: Parameters<typeof render>[0]) => render(m, f);
  const ticket = `#${p.ticketId}`;
  const subject = fitEscaped(p.subject, 200).text;
  const who = name?.trim() ? fitEscaped(name.trim(), 80).text : null;
  const ask = who ? say(msg("surveyChat.askFor", { name: who, ticket, subject })) : say(msg("surveyChat.ask", { ticket, subject }));
  const short = who ? say(msg("surveyChat.askShortFor", { name: who, ticket })) : say(msg("surveyChat.askShort", { ticket }));
  const only = who ? say(msg("surveyChat.onlyFor", { name: who })) : say(msg("surveyChat.onlyRequester"));
  return {
    text: short,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: ask } },
      { ...buttons, block_id: threadRateBlock(p.locale) } as KnownBlock,
      { type: "context", elements: [{ type: "mrkdwn", text: `${say(msg("surveyChat.scale"))}\n${only}` }] },
    ],
  };
}

/**
 * Runs a call of the direct message: Slack's refusal (an error answer, whatever its code: an
 * external user, a user of another organisation, a token that may not) is returned as the failure
 * to report, so the thread can be tried; a rate limit, a timeout or a server error is thrown, and
 * the row is tried again later.
 */
export async function unlessRefused<T>(method: string, fn: () => Promise<T>): Promise<T | DeliveryError> {
  try {
    return await fn();
  } catch (e) {
    const failure = deliveryFailure(method, e);
    if (platformError(e) === undefined) throw failure;
    return failure;
  }
}

/**
 * Posts the survey in the requester's thread of a customer channel, after Slack refused the direct
 * message (`refused`). A ticket that did not come from a customer channel (an agent's "Create
 * ticket" on a message elsewhere, whose thread the customer may not even read) gets nothing there:
 * the direct message's failure stands, as does the thread's when Slack refuses that too.
 */
export async function postInCustomerThread(
  client: WebClient,
  deps: Pick<CoreDeps, "db" | "catalog">,
  isCustomerChannel: (channel: string) => Promise<boolean>,
  p: ChatSurveyPayload,
  buttons: KnownBlock,
  refused: DeliveryError,
): Promise<SurveyPlace> {
  const origin = await customerOriginOf(deps, "slack", p.ticketId);
  if (!origin || !(await isCustomerChannel(origin.channelId))) throw refused;
  const name = (await ticketCardView(deps, p.ticketId))?.contact?.name ?? null;
  const thread = origin.threadId ?? origin.messageId;
  const posted = await call("chat.postMessage in the requester's thread", () =>
    client.chat.postMessage({
      channel: origin.channelId,
      thread_ts: thread,
      ...threadSurveyMessage(p, name, buttons),
      unfurl_links: false,
      unfurl_media: false,
      link_names: false,
    }),
  );
  return { channel: origin.channelId, ts: posted.ts ?? "" };
}
