// The ticket card's life on a chat surface, written once for Slack and Discord alike: post the
// card, update it in place (posting it again when it was deleted), move it when the ticket changes
// team or pipeline and retire the card it left, mirror each message into the card's thread once,
// say SLA alerts in that thread, tell agents privately, and answer a requester in the conversation
// they wrote in. Every database read and write of that life is here, in card-port.ts (the card
// links) and in thread-mirror.ts (the thread's parts); a surface implements a small port
// ({@link CardPort}) that only calls its platform's API and renders.
import type { CoreDeps } from "../deps.js";
import { newId } from "../ids.js";
import { activeChatUsersOf } from "./identities.js";
import { Formats } from "../i18n/format.js";
import { msg, render, type Msg } from "../i18n/translate.js";
import { chatDeliveryTarget, type AttachmentUrl, type NotifyRow, type SlaAlertRow } from "../outbox/chat-target.js";
import { DeliveryError, type DeliveryTarget } from "../outbox/delivery.js";
import type { SlaAlertKind } from "../outbox/enqueue.js";
import { recordMessageRef } from "../tickets/message-refs.js";
import { loadTicketWithRefs, readSlaDue, toTicketView, type TicketView } from "../tickets/view.js";
import {
  cardLinks,
  cardOf,
  cardRole,
  currentCardOf,
  movedCardRole,
  originRole,
  type AgentNote,
  type CardPort,
  type CardRef,
} from "./card-port.js";
import { messageWithRefs, threadMirror } from "./thread-mirror.js";

export interface CardSyncOptions {
  deps: Pick<CoreDeps, "db" | "catalog" | "now">;
  /** A card being posted by another worker for longer than this is taken over (it crashed). */
  claimStaleMs?: number | undefined;
  /** Links to open a message's attachments with; without them a thread lists names and sizes only. */
  attachmentUrl?: AttachmentUrl | undefined;
}

/** The ticket card's life on one surface, and the outbox target that runs it. */
export interface CardSync extends DeliveryTarget {
  /** Posts the ticket's card, or brings it up to date (moving it when it belongs elsewhere); null when it has no place. */
  syncCard(ticketId: number): Promise<CardRef | null>;
  /** The ticket's current card on the surface, or null. */
  currentCard(ticketId: number): Promise<CardRef | null>;
}

/**
 * The ChatLink lifecycle of one surface, run by its outbox rows ("ticket.changed",
 * "message.posted", "agents.notify", "chat.reply"), with `port` doing the platform's part.
 */
export function cardSync<ThreadPart, ReplyPart>(opts: CardSyncOptions, port: CardPort<ThreadPart, ReplyPart>): CardSync {
  const { db, catalog } = opts.deps;
  const { surface } = port;
  const staleMs = opts.claimStaleMs ?? 60_000;

  /** The ticket as its card shows it, with its most urgent SLA target; null when it no longer exists. */
  async function loadView(ticketId: number): Promise<TicketView | null> {
    const t = await loadTicketWithRefs(db, ticketId);
    return t ? { ...toTicketView(t, catalog), sla: await readSlaDue(db, ticketId) } : null;
  }

  /**
   * Takes the right to post a ticket's card in a channel: a card link without a message yet,
   * unique per ticket and channel. A claim left by a worker that crashed mid-post is taken over
   * once it is stale. Another worker's fresh claim is an answer (`mine: false`), not an error.
   */
  async function claimCard(ticketId: number, channelId: string): Promise<{ id: string; mine: boolean; card: CardRef | null }> {
    const now = opts.deps.now();
    const made = await db
      .insertInto("ChatLink")
      .values({ id: newId(), ticketId, surface, role: cardRole, channelId, createdAt: now })
      .onConflict((oc) => oc.columns(["surface", "role", "ticketId", "channelId"]).doNothing())
      .returning("id")
      .executeTakeFirst();
    if (made) return { id: made.id, mine: true, card: null };
    const link = await db
      .selectFrom("ChatLink")
      .select(["id", "channelId", "messageId", "threadId", "createdAt"])
      .where("surface", "=", surface)
      .where("role", "=", cardRole)
      .where("ticketId", "=", ticketId)
      .where("channelId", "=", channelId)
      .executeTakeFirstOrThrow();
    if (link.messageId || now.getTime() - link.createdAt.getTime() < staleMs) return { id: link.id, mine: false, card: cardOf(link) };
    const taken = await db
      .updateTable("ChatLink")
      .set({ createdAt: now })
      .where("id", "=", link.id)
      .where("messageId", "is", null)
      .where("createdAt", "=", link.createdAt)
      .executeTakeFirst();
    return { id: link.id, mine: Number(taken.numUpdatedRows) === 1, card: null };
  }

  /** Records where a card was posted on its link. */
  async function setCard(linkId: string, card: CardRef): Promise<void> {
    await db.updateTable("ChatLink").set({ messageId: card.messageId, threadId: card.threadId }).where("id", "=", linkId).execute();
  }

  /** Posts the card on a claimed link; on failure the claim is given back so a retry (or another row) can post at once. */
  async function postOnClaim(view: TicketView, linkId: string, channelId: string): Promise<CardRef> {
    let card: CardRef;
    try {
      card = await port.postCard(view, channelId);
    } catch (e) {
      await db.deleteFrom("ChatLink").where("id", "=", linkId).where("messageId", "is", null).execute();
      throw e;
    }
    await setCard(linkId, card);
    return card;
  }

  /** Updates a card in place; one deleted on the platform is posted again (rather than failing forever). */
  async function refresh(view: TicketView, linkId: string, card: CardRef): Promise<CardRef> {
    if ((await port.updateCard(view, card)) === "updated") return card;
    const again = await port.postCard(view, card.channelId);
    await setCard(linkId, again);
    return again;
  }

  /**
   * Makes a card the ticket has left a pointer to its current one, and keeps its link as a moved
   * card so its thread still leads to the ticket: one moved card per ticket and channel (a ticket
   * that left this channel before forgets that older card).
   */
  async function retire(view: TicketView, linkId: string, old: CardRef, current: CardRef): Promise<void> {
    await port.retireCard(view, old, current);
    await db.transaction().execute(async (tx) => {
      await tx
        .deleteFrom("ChatLink")
        .where("ticketId", "=", view.id)
        .where("surface", "=", surface)
        .where("role", "=", movedCardRole)
        .where("channelId", "=", old.channelId)
        .where("id", "!=", linkId)
        .execute();
      await tx.updateTable("ChatLink").set({ role: movedCardRole }).where("id", "=", linkId).where("role", "=", cardRole).execute();
    });
  }

  async function syncCard(ticketId: number): Promise<CardRef | null> {
    const view = await loadView(ticketId);
    if (!view) return null;
    const links = await cardLinks(db, ticketId, surface);
    const current = links.find((l) => l.messageId);
    // No place for it now: the card stays where it is.
    const channelId = port.destination(view) ?? current?.channelId;
    if (!channelId) return null;
    const here = links.find((l) => l.channelId === channelId);
    const hereCard = here ? cardOf(here) : null;
    let card: CardRef;
    let posted = false;
    if (here && hereCard) card = await refresh(view, here.id, hereCard);
    else {
      const claimed = await claimCard(ticketId, channelId);
      if (claimed.card) card = await refresh(view, claimed.id, claimed.card);
      else if (!claimed.mine)
        throw new DeliveryError(`the ${surface} card of #${ticketId} is being posted by another worker`, { retryAfterMs: 5_000 });
      else {
        card = await postOnClaim(view, claimed.id, channelId);
        posted = true;
      }
    }
    // Only once the card is up: a retry after a failure here finds it and goes on retiring.
    const left = links.filter((l) => l.channelId !== channelId && l.messageId);
    for (const old of left) {
      const oldCard = cardOf(old)!;
      // Said once, when this card was posted because of the move (a retry finds the card posted).
      if (posted && port.announceMove) await port.announceMove(view, oldCard, card);
      posted = false;
      await retire(view, old.id, oldCard, card);
    }
    return card;
  }

  const mirrorMessage = threadMirror({ deps: opts.deps, attachmentUrl: opts.attachmentUrl, syncCard }, port);

  async function notify(payload: NotifyRow): Promise<void> {
    if (!payload.agentIds.length) return;
    const userIds = await activeChatUsersOf(db, payload.agentIds, surface);
    if (!userIds.length) return;
    const view = await loadView(payload.ticketId);
    if (!view) return;
    const message = payload.messageId
      ? await db.selectFrom("Message").select("text").where("id", "=", payload.messageId).executeTakeFirst()
      : undefined;
    const note: AgentNote = {
      reason: payload.reason,
      view,
      // A workflow's own words, else the message the note is about.
      excerpt: payload.text ?? message?.text ?? null,
      card: await currentCardOf(db, view.id, surface),
    };
    for (const userId of userIds) await port.directMessage(userId, note);
  }

  /**
   * An SLA alert as a system message in the card's thread, in the help desk's language and dates
   * in the ticket's team's time zone (else the help desk's), like the rest of the thread. A ticket
   * without a card here gets none (no card is posted for it); a deleted thread gets the card again.
   */
  async function slaAlert(alert: SlaAlertRow): Promise<void> {
    let card = await currentCardOf(db, alert.ticketId, surface);
    if (!card) return;
    const ticket = await db.selectFrom("Ticket").select("teamId").where("id", "=", alert.ticketId).executeTakeFirst();
    const zone = catalog.config.teams.find((x) => x.id === ticket?.teamId)?.timeZone;
    const f = new Formats(catalog.locale, zone ?? catalog.timeZone);
    const parts = port.threadParts({
      ticketId: alert.ticketId,
      kind: "SYSTEM",
      text: `${alertMark[alert.kind]} ${render(alertText(alert), f)}`,
      author: render(msg("thread.system"), f),
      cc: [],
      mentions: [],
    });
    for (let attempt = 0; attempt < 2; attempt++) {
      let gone = false;
      for (const part of parts) {
        if ((await port.postThreadPart(card, part)) !== "gone") continue;
        gone = true;
        break;
      }
      if (!gone) return;
      // The card's thread was deleted: the card is posted again, and the alert goes in its new thread.
      const again = await syncCard(alert.ticketId);
      if (!again) return;
      card = again;
    }
    throw new DeliveryError(`the ${surface} thread of #${alert.ticketId} went away twice while posting an SLA alert`);
  }

  /** A reply to a requester who wrote in chat goes back to where they wrote, once per part. */
  async function replyInOrigin(ticketId: number, messageId: string): Promise<void> {
    const origin = await db
      .selectFrom("ChatLink")
      .select(["channelId", "threadId", "messageId"])
      .where("ticketId", "=", ticketId)
      .where("surface", "=", surface)
      .where("role", "=", originRole)
      .orderBy("createdAt", "asc")
      .orderBy("id", "asc")
      .executeTakeFirst();
    if (!origin)
      throw new DeliveryError(`#${ticketId} has no ${surface === "slack" ? "Slack" : "Discord"} conversation to reply in`, {
        permanent: true,
      });
    const m = await messageWithRefs(db, messageId);
    if (!m) throw new DeliveryError(`reply ${messageId} no longer exists`, { permanent: true });
    // Its own ref system: the origin may be the card's channel itself, where the mirror of the
    // same reply stores a ref that must not count as this delivery.
    const system = port.refSystems.origin;
    const done = m.refs.filter((r) => r.system === system && port.postedIn(origin, r.externalId)).length;
    const parts = port.replyParts(m.text);
    for (const [i, part] of parts.entries()) {
      if (i < done) continue;
      await recordMessageRef(opts.deps, m.id, system, await port.replyInOrigin(origin, part, i));
    }
  }

  return {
    syncCard,
    currentCard: (ticketId) => currentCardOf(db, ticketId, surface),
    ...chatDeliveryTarget(surface, {
      syncCard: async (ticketId) => {
        await syncCard(ticketId);
      },
      mirrorMessage,
      notify,
      replyInOrigin,
      slaAlert,
    }),
  };
}

/** What opens an SLA alert in a thread (plain emoji, which every surface shows). */
const alertMark: Record<SlaAlertKind, string> = { warning: "⚠️", breach: "🚨", met_late: "☑️" };

function alertText(a: SlaAlertRow): Msg {
  if (a.kind === "warning") return msg("sla.warning", { metric: a.metric, due: a.dueAt });
  if (a.kind === "breach") return msg("sla.breach", { metric: a.metric, due: a.dueAt });
  const lateSec = Math.round((a.at.getTime() - a.dueAt.getTime()) / 1000);
  return msg("sla.metLate", { metric: a.metric, due: a.dueAt, at: a.at, lateSec });
}
