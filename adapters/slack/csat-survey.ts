// The satisfaction survey of a requester who wrote in Slack: a direct message with five rating
// buttons ("csat.chat" outbox rows; in their customer channel's thread when Slack refuses the DM), the click that records the rating and turns the message into a
// thank-you with an "Add a comment" button, and the comment modal. Whoever clicks is a customer,
// not an agent: these listeners never ask for an agent, and the core takes the answer only from
// the Slack account the survey was sent to.
// @see https://api.slack.com/methods/conversations.open
// @see https://api.slack.com/reference/interaction-payloads/block-actions
import type { AckFn, App, BlockAction, ButtonAction, ViewResponseAction, ViewSubmitAction } from "@slack/bolt";
import type { Button, KnownBlock, ModalView } from "@slack/types";
import type { WebClient } from "@slack/web-api";
import { whisper } from "./actions.js";
import { deliveryFailure } from "./api.js";
import { errorText, slackReader, type SlackContext } from "./context.js";
import { localeOfRateBlock, postInCustomerThread, unlessRefused, type SurveyPlace } from "./csat-thread.js";
import { fitEscaped, limits, truncate } from "./escape.js";
import {
  answerSurvey,
  type AnswerSurveyResult,
  chatSurveyPayload,
  commentOnSurvey,
  type CoreDeps,
  DeliveryError,
  Formats,
  isLocale,
  type Locale,
  maxCommentLength,
  maxScore,
  msg,
  type OutboxRow,
  rememberRowPost,
  render,
  rowPost,
} from "../../core/index.js";

/** The rating buttons' action ids, `csat.rate.<score>` (ids are unique within a block); each button's value is the survey id. */
export const rateAction = /^csat\.rate\.([1-5])$/;
/** The "Add a comment" button; its value is `<survey id>:<score>:<locale>`. */
export const commentAction = "csat.comment";
/** The comment modal's callback id. */
export const commentCallback = "csat.comment";
/** The comment field's block id (its input's action id is "value", as in every modal of the adapter). */
const commentField = "comment";

type Post = { text: string; blocks: KnownBlock[] };
/** Where the survey's message is (a direct message, or the requester's thread), and what its modal needs to answer there. */
type Place = SurveyPlace & { thread?: string | undefined };

const formatsOf = (locale: Locale) => new Formats(locale);
const sayIn = (locale: Locale) => {
  const f = formatsOf(locale);
  return (m: Parameters<typeof render>[0]) => render(m, f);
};

const section = (text: string): KnownBlock => ({ type: "section", text: { type: "mrkdwn", text } });
const button = (text: string, actionId: string, value: string): Button => ({
  type: "button",
  text: { type: "plain_text", text: truncate(text, limits.buttonText) },
  action_id: actionId,
  value,
});

/** The survey: the question with the request's number and subject (escaped), five buttons 1–5, the scale. */
export function surveyMessage(p: { surveyId: string; ticketId: number; subject: string; locale: Locale }): Post {
  const say = sayIn(p.locale);
  const ticket = `#${p.ticketId}`;
  return {
    text: say(msg("surveyChat.askShort", { ticket })),
    blocks: [
      section(say(msg("surveyChat.ask", { ticket, subject: fitEscaped(p.subject, 200).text }))),
      {
        type: "actions",
        block_id: "csat.rate",
        elements: Array.from({ length: maxScore }, (_, i) => button(String(i + 1), `csat.rate.${i + 1}`, p.surveyId)),
      },
      { type: "context", elements: [{ type: "mrkdwn", text: say(msg("surveyChat.scale")) }] },
    ],
  };
}

/** The message once rated: thanks (or the rating that stands) and the comment button; a closed survey says so. */
export function answeredMessage(surveyId: string, r: Pick<AnswerSurveyResult, "outcome" | "score" | "locale">): Post {
  const say = sayIn(r.locale);
  if (r.outcome === "expired" || r.score === null)
    return { text: say(msg("surveyChat.expired")), blocks: [section(say(msg("surveyChat.expired")))] };
  const text = say(r.outcome === "recorded" ? msg("surveyChat.thanks", { score: r.score }) : msg("surveyChat.already", { score: r.score }));
  return {
    text,
    blocks: [
      section(text),
      {
        type: "actions",
        block_id: "csat.after",
        elements: [button(say(msg("surveyChat.addComment")), commentAction, `${surveyId}:${r.score}:${r.locale}`)],
      },
    ],
  };
}

/** The message once the comment is in (or was already): the rating's thanks and the comment's, no buttons. */
function commentedMessage(score: number, locale: Locale, outcome: "recorded" | "already_commented" | "expired"): Post {
  const say = sayIn(locale);
  if (outcome === "expired") return { text: say(msg("surveyChat.expired")), blocks: [section(say(msg("surveyChat.expired")))] };
  const second = say(outcome === "recorded" ? msg("surveyChat.commentThanks") : msg("surveyChat.alreadyCommented"));
  const text = `${say(msg("surveyChat.thanks", { score }))}\n${second}`;
  return { text, blocks: [section(text)] };
}

/** The comment modal, in the requester's language; its metadata carries the survey and where its message is. */
export function commentModal(surveyId: string, score: number, locale: Locale, place: Place): ModalView {
  const say = sayIn(locale);
  const plain = (text: string, max: number) => ({ type: "plain_text" as const, text: truncate(text, max) });
  return {
    type: "modal",
    callback_id: commentCallback,
    private_metadata: JSON.stringify({
      s: surveyId,
      n: score,
      l: locale,
      c: place.channel,
      t: place.ts,
      ...(place.thread ? { h: place.thread } : {}),
    }),
    title: plain(say(msg("surveyChat.commentTitle")), limits.modalTitle),
    submit: plain(say(msg("surveyChat.commentSubmit")), limits.modalButton),
    close: plain(say(msg("surveyChat.commentCancel")), limits.modalButton),
    blocks: [
      {
        type: "input",
        block_id: commentField,
        label: plain(say(msg("surveyChat.commentLabel")), 2000),
        element: {
          type: "plain_text_input",
          action_id: "value",
          multiline: true,
          max_length: maxCommentLength,
          placeholder: plain(say(msg("surveyChat.commentPlaceholder")), 150),
        },
      },
    ],
  };
}

/**
 * Delivers a "csat.chat" row: opens the direct conversation with the requester and posts the
 * survey there. When Slack refuses either (a customer of another organisation in a shared channel
 * has no direct conversation with the bot) the survey goes in their ticket's thread in the customer
 * channel it came from (csat-thread.ts); a requester Slack will let the bot write to in neither
 * place fails as the direct message did. Slack takes no idempotency key, so the message is
 * remembered under the row's id and a redelivered row (its lease ran out, or the process stopped
 * before marking it done) posts nothing more. Left open: a crash between Slack taking the message
 * and that record, which posts it twice.
 */
export async function sendSurvey(
  client: WebClient,
  row: OutboxRow,
  deps: CoreDeps,
  isCustomerChannel: (channel: string) => Promise<boolean> = async () => false,
): Promise<void> {
  const p = chatSurveyPayload(row);
  if (await rowPost(deps, "slack", row.id)) return;
  const body = surveyMessage(p);
  const inThread = (refused: DeliveryError) =>
    postInCustomerThread(
      client,
      deps,
      isCustomerChannel,
      p,
      body.blocks.find((b) => b.type === "actions")!,
      refused,
    );
  const opened = await unlessRefused("conversations.open", () => client.conversations.open({ users: p.userId }));
  let place: Place;
  if (opened instanceof DeliveryError) place = await inThread(opened);
  else {
    const channel = opened.channel?.id;
    if (!channel) throw new DeliveryError(`Slack conversations.open gave no channel for ${p.userId}`);
    const posted = await unlessRefused("chat.postMessage", () =>
      client.chat.postMessage({ channel, ...body, unfurl_links: false, unfurl_media: false, link_names: false }),
    );
    place = posted instanceof DeliveryError ? await inThread(posted) : { channel, ts: posted.ts ?? "" };
  }
  await rememberRowPost(deps, "slack", row.id, `${place.channel}:${place.ts}`);
}

/** The survey message a click or a modal belongs to, with its thread when it is in one. */
function placeOf(body: BlockAction): Place | null {
  const channel = body.container?.channel_id ?? body.channel?.id;
  const ts = body.container?.message_ts ?? body.message?.ts;
  const thread = (body.message as { thread_ts?: string } | undefined)?.thread_ts;
  return channel && ts ? { channel, ts, ...(thread ? { thread } : {}) } : null;
}

/**
 * Whom a refusal is said to, in which language: their own when known, else (in a thread others
 * read, where a colleague of the requester's may click) the survey's rather than the help desk's.
 */
function readerOf(ctx: SlackContext, userId: string, surveyLocale: string | undefined) {
  return { ...slackReader(userId), platformLocale: ctx.locales?.known(userId) ?? surveyLocale };
}

/** Edits the survey's message; a failure leaves the answer recorded, and is logged. */
async function edit(ctx: SlackContext, client: WebClient, place: Place, post: Post): Promise<void> {
  try {
    await client.chat.update({ channel: place.channel, ts: place.ts, ...post });
  } catch (e) {
    ctx.log.warn("slack survey message not updated", { channel: place.channel, error: deliveryFailure("chat.update", e).message });
  }
}

/** The comment modal's metadata, or null when it is not ours. */
function readMetadata(raw: string): { surveyId: string; score: number; locale: Locale; place: Place } | null {
  try {
    const m = JSON.parse(raw) as Record<string, unknown>;
    const { s, n, l, c, t, h } = m;
    if (typeof s !== "string" || typeof n !== "number" || typeof c !== "string" || typeof t !== "string" || !isLocale(l)) return null;
    return { surveyId: s, score: n, locale: l, place: { channel: c, ts: t, ...(typeof h === "string" ? { thread: h } : {}) } };
  } catch {
    return null;
  }
}

/** The survey's rating buttons, its comment button and its comment modal. */
export function registerSurveyActions(app: App, ctx: SlackContext): void {
  app.action<BlockAction>(rateAction, async ({ ack, body, action, respond, client }) => {
    await ack();
    const score = Number(rateAction.exec(action.action_id)?.[1]);
    const surveyId = (action as ButtonAction).value ?? "";
    const userId = body.user.id;
    let answered: AnswerSurveyResult;
    try {
      answered = await answerSurvey(ctx.deps, { surveyId, score, via: { kind: "chat", surface: "slack", userId } });
    } catch (e) {
      const surveyLocale = localeOfRateBlock((action as ButtonAction).block_id);
      return void (await whisper(respond, errorText(ctx, e, readerOf(ctx, userId, surveyLocale))));
    }
    const place = placeOf(body);
    if (place) await edit(ctx, client, place, answeredMessage(surveyId, answered));
  });

  app.action<BlockAction>(commentAction, async ({ ack, body, action, client }) => {
    await ack();
    const [surveyId, score, locale] = ((action as ButtonAction).value ?? "").split(":");
    const place = placeOf(body);
    if (!surveyId || !place || !isLocale(locale)) return;
    await client.views.open({ trigger_id: body.trigger_id, view: commentModal(surveyId, Number(score), locale, place) });
  });

  app.view<ViewSubmitAction>({ callback_id: commentCallback, type: "view_submission" }, async ({ ack, body, view, client }) => {
    const done = ack as AckFn<ViewResponseAction | void>;
    const meta = readMetadata(view.private_metadata);
    const text = view.state.values[commentField]?.value?.value ?? "";
    if (!meta) return done();
    // Said beside the field, in the ack (the one place a modal shows an error).
    if (!text.trim())
      return done({ response_action: "errors", errors: { [commentField]: render(msg("csat.commentEmpty"), formatsOf(meta.locale)) } });
    await done();
    const userId = body.user.id;
    try {
      const r = await commentOnSurvey(ctx.deps, {
        surveyId: meta.surveyId,
        comment: text,
        via: { kind: "chat", surface: "slack", userId },
      });
      if (r.outcome === "not_answered")
        return void (await tellUser(ctx, client, userId, meta.place, sayIn(r.locale)(msg("surveyChat.rateFirst"))));
      await edit(ctx, client, meta.place, commentedMessage(meta.score, r.locale, r.outcome));
    } catch (e) {
      const surveyLocale = inDirectMessage(meta.place) ? undefined : meta.locale;
      await tellUser(ctx, client, userId, meta.place, errorText(ctx, e, readerOf(ctx, userId, surveyLocale)));
    }
  });
}

/** Direct conversations' ids start with D; a survey anywhere else is in a channel's thread. */
const inDirectMessage = (place: Place) => place.channel.startsWith("D");

/**
 * A word to the person who submitted the modal: in their direct conversation with the bot, or, for
 * a survey in a channel's thread (whose readers the bot may not write to directly), seen by them
 * only, in that thread.
 * @see https://api.slack.com/methods/chat.postEphemeral
 */
async function tellUser(ctx: SlackContext, client: WebClient, userId: string, place: Place, text: string): Promise<void> {
  if (inDirectMessage(place)) return void (await client.chat.postMessage({ channel: userId, text }));
  try {
    await client.chat.postEphemeral({ channel: place.channel, user: userId, text, ...(place.thread ? { thread_ts: place.thread } : {}) });
  } catch (e) {
    ctx.log.warn("slack survey notice not shown", { channel: place.channel, error: deliveryFailure("chat.postEphemeral", e).message });
  }
}
