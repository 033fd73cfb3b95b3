// The satisfaction survey of a requester who wrote in Discord: a direct message with a row of five
// rating buttons ("csat.chat" outbox rows), the click that records the rating and turns the message
// into a thank-you with an "Add a comment" button, and the comment modal. Whoever clicks is a
// customer, not an agent: the interaction router sends these custom ids here before it asks for an
// agent, and the core takes the answer only from the Discord account the survey was sent to.
// @see https://discord.com/developers/docs/resources/user#create-dm
// @see https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-response-object-interaction-callback-type
import {
  ButtonStyle,
  ComponentType,
  DiscordAPIError,
  MessageFlags,
  Routes,
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIChannel,
  type ButtonInteraction,
  type Interaction,
  type ModalSubmitInteraction,
  type REST,
} from "discord.js";
import { discordReader, errorText, privately, type DiscordContext } from "./context.js";
import { fitSafe, limits, noMentions, oneLine, truncate } from "./escape.js";
import { label, modal, textField, textInput, type Modal } from "./modal-views.js";
import { call, deliveryFailure } from "./rest.js";
import {
  answerSurvey,
  type AnswerSurveyResult,
  chatSurveyPayload,
  commentOnSurvey,
  type CommentOnSurveyResult,
  Formats,
  isLocale,
  type Locale,
  maxCommentLength,
  maxScore,
  msg,
  type Msg,
  type OutboxRow,
  render,
} from "../../core/index.js";

/** The survey's custom ids: `csat:rate:<survey>:<score>`, `csat:comment:<survey>:<score>:<locale>`, the modal `csat:note:…` alike. */
const rateId = /^csat:rate:([^:]{1,60}):([1-5])$/;
const commentId = /^csat:comment:([^:]{1,60}):([1-5]):([a-z]{2})$/;
const noteId = /^csat:note:([^:]{1,60}):([1-5]):([a-z]{2})$/;
/** The comment field of the modal. */
const commentField = "comment";

type Row = APIActionRowComponent<APIButtonComponentWithCustomId>;
/** A survey message (sent, or edited after a click): its text and buttons, pinging nobody. */
export interface SurveyPost {
  content: string;
  components: Row[];
}

const sayIn = (locale: Locale) => {
  const f = new Formats(locale);
  return (m: Msg) => render(m, f);
};

const button = (text: string, customId: string, style: ButtonStyle.Primary | ButtonStyle.Secondary): APIButtonComponentWithCustomId => ({
  type: ComponentType.Button,
  style,
  label: truncate(text, limits.buttonLabel),
  custom_id: customId,
});

/** The survey: the question with the request's number and subject (made inert), the scale, five buttons 1–5. */
export function surveyMessage(p: { surveyId: string; ticketId: number; subject: string; locale: Locale }): SurveyPost {
  const say = sayIn(p.locale);
  const ask = say(msg("surveyChat.ask", { ticket: `#${p.ticketId}`, subject: fitSafe(oneLine(p.subject), 200) }));
  return {
    content: truncate(`${ask}\n*${say(msg("surveyChat.scale"))}*`, limits.messageContent),
    components: [
      {
        type: ComponentType.ActionRow,
        components: Array.from({ length: maxScore }, (_, i) =>
          button(String(i + 1), `csat:rate:${p.surveyId}:${i + 1}`, ButtonStyle.Primary),
        ),
      },
    ],
  };
}

/** The message once rated: thanks (or the rating that stands) and the comment button; a closed survey says so. */
export function answeredMessage(surveyId: string, r: Pick<AnswerSurveyResult, "outcome" | "score" | "locale">): SurveyPost {
  const say = sayIn(r.locale);
  if (r.outcome === "expired" || r.score === null) return { content: say(msg("surveyChat.expired")), components: [] };
  const text = say(r.outcome === "recorded" ? msg("surveyChat.thanks", { score: r.score }) : msg("surveyChat.already", { score: r.score }));
  return {
    content: text,
    components: [
      {
        type: ComponentType.ActionRow,
        components: [button(say(msg("surveyChat.addComment")), `csat:comment:${surveyId}:${r.score}:${r.locale}`, ButtonStyle.Secondary)],
      },
    ],
  };
}

/** The message once the comment is in (or was already): the rating's thanks and the comment's, no buttons. */
function commentedMessage(score: number, locale: Locale, outcome: Exclude<CommentOnSurveyResult["outcome"], "not_answered">): SurveyPost {
  const say = sayIn(locale);
  if (outcome === "expired") return { content: say(msg("surveyChat.expired")), components: [] };
  const second = say(outcome === "recorded" ? msg("surveyChat.commentThanks") : msg("surveyChat.alreadyCommented"));
  return { content: `${say(msg("surveyChat.thanks", { score }))}\n${second}`, components: [] };
}

/** The comment modal, in the requester's language. */
export function commentModal(surveyId: string, score: number, locale: Locale): Modal {
  const say = sayIn(locale);
  const input = textInput(commentField, {
    long: true,
    required: true,
    max: maxCommentLength,
    placeholder: say(msg("surveyChat.commentPlaceholder")),
  });
  return modal(
    `csat:note:${surveyId}:${score}:${locale}`,
    say(msg("surveyChat.commentTitle")),
    [label(say(msg("surveyChat.commentLabel")), input)],
    say,
  );
}

/**
 * Discord's answer when a user takes no direct messages from the bot (closed DMs, no shared server).
 * @see https://discord.com/developers/docs/topics/opcodes-and-status-codes#json-json-error-codes
 */
const cannotMessageUser = 50007;

/**
 * Delivers a "csat.chat" row: opens the requester's direct conversation and posts the survey. A
 * requester who takes no direct messages from the bot gets it in their ticket's private thread
 * (`privateThreadOf`: a support panel's, where only they and the team read) when it has one;
 * otherwise the row fails for good. The row's id goes as the message's enforced nonce, so a row
 * sent again shortly after a crash is not posted twice.
 */
export async function sendSurvey(
  rest: REST,
  row: OutboxRow,
  privateThreadOf: (ticketId: number) => Promise<string | null> = async () => null,
): Promise<void> {
  const p = chatSurveyPayload(row);
  const dm = await call<APIChannel>("POST DM channel", () => rest.post(Routes.userChannels(), { body: { recipient_id: p.userId } }));
  const post = (channel: string) => () =>
    rest.post(Routes.channelMessages(channel), {
      body: { ...surveyMessage(p), allowed_mentions: noMentions, nonce: row.id, enforce_nonce: true },
    });
  try {
    await post(dm.id)();
  } catch (e) {
    if (!(e instanceof DiscordAPIError && e.code === cannotMessageUser)) throw deliveryFailure("POST survey DM", e);
    const thread = await privateThreadOf(p.ticketId);
    if (!thread) throw deliveryFailure("POST survey DM", e);
    await call("POST survey in the ticket's private thread", post(thread));
  }
}

/** Whether an interaction is the survey's (a rating, the comment button, the comment modal): answered here, by anyone. */
export function isSurveyInteraction(i: Interaction): i is ButtonInteraction | ModalSubmitInteraction {
  if (i.isButton()) return rateId.test(i.customId) || commentId.test(i.customId);
  return i.isModalSubmit() && noteId.test(i.customId);
}

/** Handles a survey interaction; a refusal (another user, an unknown survey) is said privately to whoever clicked. */
export async function handleSurveyInteraction(ctx: DiscordContext, i: ButtonInteraction | ModalSubmitInteraction): Promise<void> {
  const via = { kind: "chat" as const, surface: "discord", userId: i.user.id };
  const refuse = (e: unknown) => i.followUp(privately(errorText(ctx, e, discordReader(i))));
  const rate = rateId.exec(i.customId);
  if (rate && i.isMessageComponent()) {
    await i.deferUpdate();
    let answered: AnswerSurveyResult;
    try {
      answered = await answerSurvey(ctx.deps, { surveyId: rate[1]!, score: Number(rate[2]), via });
    } catch (e) {
      return void (await refuse(e));
    }
    return void (await i.editReply({ ...answeredMessage(rate[1]!, answered), allowedMentions: noMentions }));
  }
  const open = commentId.exec(i.customId);
  if (open && i.isMessageComponent() && isLocale(open[3]))
    return void (await i.showModal(commentModal(open[1]!, Number(open[2]), open[3])));
  const note = noteId.exec(i.customId);
  if (!note || !i.isModalSubmit() || !isLocale(note[3])) return;
  const locale = note[3];
  // A modal opened from a message answers by editing that message.
  if (i.isFromMessage()) await i.deferUpdate();
  else await i.deferReply({ flags: MessageFlags.Ephemeral });
  let r: CommentOnSurveyResult;
  try {
    r = await commentOnSurvey(ctx.deps, { surveyId: note[1]!, comment: textField(i, commentField), via });
  } catch (e) {
    return void (await refuse(e));
  }
  if (r.outcome === "not_answered") return void (await i.followUp(privately(sayIn(r.locale)(msg("surveyChat.rateFirst")))));
  await i.editReply({ ...commentedMessage(Number(note[2]), locale, r.outcome), allowedMentions: noMentions });
}
