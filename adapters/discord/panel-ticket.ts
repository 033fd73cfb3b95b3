// What a customer does with the support panel: the button opens the form; the form's submission
// opens a ticket in a private thread of the panel's channel, whose first message (the ticket's
// number, what they wrote, a "Close ticket" button) is the ticket's origin, so agents' replies land
// in the thread and the customer's messages there join the ticket (the customer is added once the
// ticket exists); the Close button closes the ticket (as its requester, or as the agent who pressed
// it) and archives the thread (a message in it brings it back). The form is a customer's, never an
// agent's: an agent is sent to `/ticket new`.
// @see https://discord.com/developers/docs/resources/channel#start-thread-without-message
// @see https://discord.com/developers/docs/resources/channel#add-thread-member
import {
  ChannelType,
  MessageFlags,
  Routes,
  type APIChannel,
  type APIMessage,
  type ButtonInteraction,
  type Interaction,
  type ModalSubmitInteraction,
} from "discord.js";
import { deferQuietly, deskSpeech, speech, tell, type DiscordContext, type Speech } from "./context.js";
import { fitSafe, limits, noMentions, oneLine, safeText, truncate } from "./escape.js";
import { closeRow, formAnswers, panelForm, panelIds, questionLabel } from "./support-panel.js";
import { defaultRepeatWindowSeconds, panelRoute, panelSettleWaitSeconds } from "./config.js";
import {
  type Actor,
  type ChatRequestPlace,
  claimChatEvent,
  closeOwnTicket,
  customerOriginOf,
  Formats,
  holdChatRequest,
  msg,
  openChatTicket,
  originTicketAt,
  releaseChatRequest,
  settleChatRequest,
  speechIn,
} from "../../core/index.js";

/** How long a private thread stays open without messages: a week, the longest Discord allows. */
const autoArchiveMinutes = 10080;

/** Whether an interaction is the panel's (its button, its form, a ticket thread's Close button). */
export function isPanelInteraction(i: Interaction): i is ButtonInteraction | ModalSubmitInteraction {
  if (!i.isButton() && !i.isModalSubmit()) return false;
  return (Object.values(panelIds) as string[]).includes(i.customId);
}

/**
 * Handles a panel interaction for the user who made it; `actorOf` tells whether they are an agent
 * (a database read, maybe a write), asked only once the interaction is acknowledged: Discord wants
 * an answer within 3 seconds. Bots and users of another server get nothing.
 */
export async function handlePanelInteraction(
  ctx: DiscordContext,
  i: ButtonInteraction | ModalSubmitInteraction,
  actorOf: () => Promise<Actor | null>,
): Promise<void> {
  if (i.user.bot || (ctx.guildId && i.guildId !== ctx.guildId)) return;
  if (i.isButton() && i.customId === panelIds.close) return closeFromThread(ctx, i, actorOf);
  if (i.isModalSubmit()) return openFromForm(ctx, i, actorOf);
  // The form is shown to anyone, agents too, at once: its submission is what refuses an agent.
  await i.showModal(panelForm(speech(ctx, i), ctx.panel));
}

/** The thread's first message: the ticket (once it has a number), what the customer wrote, the Close button. */
function firstMessage(s: Speech, ticket: string | null, wrote: { subject: string; text: string }) {
  const head = ticket ? s.say(msg("panel.firstMessage", { ticket })) : s.say(msg("panel.opening"));
  const quote = [`**${fitSafe(oneLine(wrote.subject), 200)}**`, ...safeText(wrote.text).split("\n")].map((l) => `> ${l}`).join("\n");
  return {
    content: truncate(`${head}\n\n${s.say(msg("panel.youWrote"))}\n${quote}`, limits.messageContent),
    components: [closeRow(s)],
    allowed_mentions: noMentions,
  };
}

/** The form's submission: one ticket per submission, in a private thread made for it. */
async function openFromForm(ctx: DiscordContext, i: ModalSubmitInteraction, actorOf: () => Promise<Actor | null>): Promise<void> {
  // Acknowledged before any database work (the agent check included): Discord wants an answer within 3 seconds.
  await i.deferReply({ flags: MessageFlags.Ephemeral });
  if (await actorOf()) return tell(i, `⚠️ ${speech(ctx, i).say(msg("panel.agentsUseNew"))}`);
  // A submission delivered again (a resumed session, another replica) opens nothing more.
  if (!(await claimChatEvent(ctx.deps, "discord", `interaction:${i.id}`, i.id))) return;
  const s = speech(ctx, i);
  const channelId = i.channelId;
  if (!channelId) return tell(i, `⚠️ ${s.say(msg("panel.notHere"))}`);
  // Discord counts spaces toward a field's length: a blank subject is caught here, before a thread is made for it.
  if (!oneLine(formAnswers(i, ctx.panel).subject)) return tell(i, `⚠️ ${s.say(msg("panel.subjectBlank"))}`);
  // A second submission from the same customer at this panel (a double click, a second try) is
  // pointed at the ticket the first opened, before any thread is made for it.
  const place: ChatRequestPlace = { surface: "discord", placeId: channelId, userId: i.user.id };
  const windowMs = (ctx.panel?.repeatWindowSeconds ?? defaultRepeatWindowSeconds) * 1000;
  const hold = await holdUntilSettled(ctx, place, i.id, windowMs);
  if (!hold.held) {
    if (!hold.ticket) return tell(i, `⏳ ${s.say(msg("panel.stillOpening"))}`);
    const where = hold.ticket.channelId ? `<#${hold.ticket.channelId}>` : null;
    return tell(i, `ℹ️ ${s.say(msg("panel.alreadyHaveOpen", { ticket: hold.ticket.number, thread: where }))}`);
  }
  let opened: number | null = null;
  try {
    opened = await openInThread(ctx, i, s, channelId);
  } finally {
    await settle(ctx, place, i.id, opened, windowMs);
  }
}

/**
 * Points the customer's place at the ticket opened (or frees it when none was), tried twice: a
 * hold left in flight turns away the customer's next submissions until it is taken over.
 */
async function settle(ctx: DiscordContext, place: ChatRequestPlace, requestId: string, opened: number | null, windowMs: number) {
  const once = () =>
    opened === null ? releaseChatRequest(ctx.deps, place, requestId) : settleChatRequest(ctx.deps, place, requestId, opened, windowMs);
  try {
    await once().catch(once);
  } catch (e) {
    ctx.log.warn("discord panel: customer's request not settled", { ticketId: opened, err: e instanceof Error ? e.message : String(e) });
  }
}

/** How long a second submission waits for the first to finish opening its ticket, and how often it looks. */
const settleWaitMs = panelSettleWaitSeconds * 1000;
const settleLookMs = 250;

/**
 * Holds the customer's place at the panel; while an earlier submission of theirs is still opening
 * its ticket (a double click), waits a little for it, so the answer can link to the ticket (or, if
 * that one failed, this submission opens it instead).
 */
async function holdUntilSettled(ctx: DiscordContext, place: ChatRequestPlace, requestId: string, windowMs: number) {
  let hold = await holdChatRequest(ctx.deps, place, requestId, windowMs);
  for (let waited = 0; !hold.held && !hold.ticket && waited < settleWaitMs; waited += settleLookMs) {
    await new Promise((r) => setTimeout(r, settleLookMs));
    hold = await holdChatRequest(ctx.deps, place, requestId, windowMs);
  }
  return hold;
}

/** Opens the thread and the ticket in it, and tells the customer; the ticket's id, or null when none was opened. */
async function openInThread(ctx: DiscordContext, i: ModalSubmitInteraction, s: Speech, channelId: string): Promise<number | null> {
  const { subject, description, answers } = formAnswers(i, ctx.panel);
  const desk = deskSpeech(ctx);
  // Agents read the answers under the questions' labels in the desk's language.
  const text = [description.trim(), ...answers.map((a) => `${questionLabel(a.question, desk.f.locale)}: ${a.value}`)]
    .filter(Boolean)
    .join("\n\n");
  const rest = i.client.rest;
  let thread: APIChannel | undefined;
  let first: APIMessage;
  try {
    thread = (await rest.post(Routes.threads(channelId), {
      body: {
        name: truncate(oneLine(subject), limits.threadName),
        type: ChannelType.PrivateThread,
        invitable: false,
        auto_archive_duration: autoArchiveMinutes,
      },
    })) as APIChannel;
    first = (await rest.post(Routes.channelMessages(thread.id), { body: firstMessage(s, null, { subject, text }) })) as APIMessage;
  } catch (e) {
    ctx.log.warn("discord panel: private thread not opened", { channel: channelId, err: e instanceof Error ? e.message : String(e) });
    // A thread without its first message serves nobody.
    if (thread) await dropThread(ctx, i, thread.id);
    await tell(i, `⚠️ ${s.say(msg("panel.threadFailed"))}`);
    return null;
  }
  const made = thread;
  const member = i.member && "nick" in i.member ? i.member.nick : null;
  const opened = await openChatTicket(ctx.deps, {
    surface: "discord",
    userId: i.user.id,
    name: member ?? i.user.globalName ?? i.user.username,
    locale: s.f.locale,
    subject,
    text,
    origin: { channelId: made.id, messageId: first.id },
    requestId: i.id,
    route: panelRoute(ctx.panel, channelId),
  }).catch(async (e: unknown) => {
    await dropThread(ctx, i, made.id);
    throw e;
  });
  // From here the ticket exists: a confirmation Discord fails to show must not undo the hold on it
  // (the customer's next submission would open a second one), so it is only logged.
  const confirm = (text: string) =>
    tell(i, text).catch((e: unknown) =>
      ctx.log.warn("discord panel: confirmation not shown", { ticket: opened.ticket.number, err: String(e) }),
    );
  if (!opened.created) {
    await dropThread(ctx, i, made.id);
    await confirm(s.say(msg("panel.alreadyOpened", { ticket: opened.ticket.number })));
    return opened.ticket.id;
  }
  await rest
    .patch(Routes.channelMessage(made.id, first.id), { body: firstMessage(s, opened.ticket.number, { subject, text }) })
    .catch((e: unknown) => ctx.log.warn("discord panel: first message not numbered", { ticket: opened.ticket.number, err: String(e) }));
  ctx.log.info("discord customer opened a ticket from the panel", { ticket: opened.ticket.number });
  // The customer joins only now that the ticket and its origin exist: what they write in the
  // thread from the moment they see it joins the ticket.
  const add = () => rest.put(Routes.threadMembers(made.id, i.user.id));
  const added = await add()
    .catch(add)
    .then(
      () => true,
      (e: unknown) => {
        ctx.log.warn("discord panel: customer not added to their ticket's thread", { ticket: opened.ticket.number, err: String(e) });
        return false;
      },
    );
  if (!added) await confirm(`⚠️ ${s.say(msg("panel.notAdded", { ticket: opened.ticket.number }))}`);
  else await confirm(`✅ ${s.say(msg("panel.opened", { ticket: opened.ticket.number, thread: `<#${made.id}>` }))}`);
  return opened.ticket.id;
}

/** A thread made for a ticket that was not opened goes away again (best effort: it holds only our message). */
async function dropThread(ctx: DiscordContext, i: ModalSubmitInteraction, threadId: string): Promise<void> {
  await i.client.rest
    .delete(Routes.channel(threadId))
    .catch((e: unknown) => ctx.log.warn("discord panel: unused thread not deleted", { thread: threadId, err: String(e) }));
}

/**
 * The Close button: the thread's ticket closed by its requester, or by an agent working it (as
 * themselves), then the thread archived.
 */
async function closeFromThread(ctx: DiscordContext, i: ButtonInteraction, actorOf: () => Promise<Actor | null>): Promise<void> {
  // Acknowledged before any database work (the agent check included): Discord wants an answer within 3 seconds.
  await deferQuietly(i);
  const actor = await actorOf();
  const s = speech(ctx, i);
  const ticketId = await originTicketAt(ctx.deps, { surface: "discord", channelId: i.channelId });
  if (ticketId === null) return tell(i, `🔍 ${s.say(msg("panel.noTicketHere"))}`);
  const r = await closeOwnTicket(ctx.deps, { ticketId, surface: "discord", userId: i.user.id }, actor ?? undefined);
  if (!r.closed) return tell(i, s.say(msg("panel.alreadyClosed", { ticket: r.ticket.number })));
  const rest = i.client.rest;
  // The thread is the customer's: an agent's close is said there in the customer's language.
  const origin = actor ? await customerOriginOf(ctx.deps, "discord", r.ticket.id) : null;
  const reader = origin ? speechIn(new Formats(origin.locale)) : s;
  const closed = `✅ ${reader.say(msg("panel.closed", { ticket: r.ticket.number }))}`;
  // The ticket is closed whatever happens to the thread now: each step's failure is logged, and
  // the customer is told privately if the thread could not say it.
  const step = (what: string) => (e: unknown) => {
    ctx.log.warn(`discord panel: ${what} after a close failed`, {
      ticket: r.ticket.number,
      err: e instanceof Error ? e.message : String(e),
    });
    return null;
  };
  // Said in the thread for both sides, then the thread archived, never locked: Discord disables
  // buttons in a locked thread (the survey posted here when the customer takes no DMs could not be
  // answered) and keeps its customer from writing (an agent may reopen the ticket later). The Close
  // button stays for that: pressed on a closed ticket it says so.
  const said = await rest
    .post(Routes.channelMessages(i.channelId), { body: { content: closed, allowed_mentions: noMentions } })
    .catch(step("post"));
  if (said === null) await tell(i, `✅ ${s.say(msg("panel.closed", { ticket: r.ticket.number }))}`);
  await rest.patch(Routes.channel(i.channelId), { body: { archived: true } }).catch(step("archive"));
  ctx.log.info(actor ? "discord agent closed a ticket from its customer's thread" : "discord requester closed their ticket", {
    ticket: r.ticket.number,
  });
}
