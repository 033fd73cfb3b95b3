// Mirroring a ticket's messages into its card's thread on a chat surface: who wrote a message as
// the thread names them, its attachments as the thread lists them, the agents a note mentioned,
// and posting its parts into the card's thread once each (posting the card again when its thread
// was deleted). card-sync.ts runs it for "message.posted" outbox rows.
import { sql } from "kysely";
import type { CoreDeps } from "../deps.js";
import type { Queryable } from "../db.js";
import { activeChatUsersOf } from "./identities.js";
import { deskFormats } from "../i18n/reader.js";
import type { Formats } from "../i18n/format.js";
import { msg, render } from "../i18n/translate.js";
import { parseJsonArray } from "../json.js";
import type { AttachmentUrl, ThreadAttachment } from "../outbox/chat-target.js";
import { DeliveryError } from "../outbox/delivery.js";
import { recordMessageRef } from "../tickets/message-refs.js";
import { currentCardOf, type CardPort, type CardRef, type MirroredMessage } from "./card-port.js";

/** Who wrote a message, as a chat thread names them; without a name, in the language of `f`. */
export async function messageAuthorName(
  q: Queryable,
  m: { authorAgentId: string | null; authorContactId: string | null; kind: string },
  f: Formats,
): Promise<string> {
  if (m.authorAgentId) {
    const a = await q.selectFrom("Agent").select("name").where("id", "=", m.authorAgentId).executeTakeFirst();
    return a?.name ?? render(msg("thread.anAgent"), f);
  }
  if (m.authorContactId) {
    const c = await q.selectFrom("Contact").select(["name", "email"]).where("id", "=", m.authorContactId).executeTakeFirst();
    const named = c?.name ?? c?.email;
    if (named) return named;
  }
  return render(msg(m.kind === "INBOUND" || m.authorContactId ? "thread.theCustomer" : "thread.system"), f);
}

/** A message's attachments for its thread post, oldest first, with links from `url` (their content is not read). */
export async function threadAttachments(q: Queryable, messageId: string, url?: AttachmentUrl): Promise<ThreadAttachment[]> {
  const all = await q
    .selectFrom("Attachment")
    .select(["id", "filename", "size"])
    // Whether the file was kept, without reading it.
    .select(sql<number>`case when ${sql.ref("content")} is null then 0 else 1 end`.as("kept"))
    .where("messageId", "=", messageId)
    .orderBy("id", "asc")
    .execute();
  return all.map((a) => {
    const stored = Number(a.kept) === 1;
    return { filename: a.filename, size: a.size, stored, url: stored && url ? url(a.id) : null };
  });
}

/** A message with the MessageRefs it was posted under, or null when it no longer exists. */
export async function messageWithRefs(q: Queryable, messageId: string) {
  const m = await q.selectFrom("Message").selectAll().where("id", "=", messageId).executeTakeFirst();
  if (!m) return null;
  const refs = await q.selectFrom("MessageRef").select(["system", "externalId"]).where("messageId", "=", messageId).execute();
  return { ...m, refs };
}

export interface ThreadMirrorOptions {
  deps: Pick<CoreDeps, "db" | "catalog">;
  /** Links to open a message's attachments with; without them a thread lists names and sizes only. */
  attachmentUrl?: AttachmentUrl | undefined;
  /** Posts the ticket's card, or brings it up to date: the card to mirror to when there is none, or its thread was deleted. */
  syncCard(ticketId: number): Promise<CardRef | null>;
}

/** What of a surface's port mirroring uses. */
export type ThreadPort<ThreadPart> = Pick<CardPort<ThreadPart>, "surface" | "refSystems" | "postedIn" | "threadParts" | "postThreadPart">;

/** Mirrors a message into its ticket's card's thread on one surface, once. */
export function threadMirror<ThreadPart>(opts: ThreadMirrorOptions, port: ThreadPort<ThreadPart>): (messageId: string) => Promise<void> {
  const { db, catalog } = opts.deps;
  const { surface } = port;

  /** The chat users (on this surface) of the active agents a note mentioned, from its timeline event. */
  async function mentionedUsers(m: { id: string; ticketId: number; kind: string }): Promise<string[]> {
    if (m.kind !== "COMMENT") return [];
    const events = await db
      .selectFrom("TimelineEvent")
      .select("data")
      .where("ticketId", "=", m.ticketId)
      .where("type", "=", "message.commented")
      .where("data", "like", `%${m.id}%`)
      .execute();
    const event = events.map((e) => JSON.parse(e.data) as { messageId?: string; mentioned?: string[] }).find((d) => d.messageId === m.id);
    const ids = event?.mentioned ?? [];
    if (!ids.length) return [];
    return activeChatUsersOf(db, ids, surface);
  }

  async function mirrorMessage(messageId: string): Promise<void> {
    const m = await messageWithRefs(db, messageId);
    // Messages move with merges and splits: the ticket they are on now is the one to mirror to.
    if (!m) return;
    let card = (await currentCardOf(db, m.ticketId, surface)) ?? (await opts.syncCard(m.ticketId));
    if (!card) return;
    const mirrored: MirroredMessage = {
      ticketId: m.ticketId,
      kind: m.kind,
      text: m.text,
      // The thread is read by everyone in the channel: the help desk's language.
      author: await messageAuthorName(db, m, deskFormats(catalog)),
      cc: parseJsonArray<string>(m.cc),
      attachments: await threadAttachments(db, m.id, opts.attachmentUrl),
      mentions: await mentionedUsers(m),
    };
    const parts = port.threadParts(mirrored);
    const { typed, mirrored: system } = port.refSystems;
    for (let attempt = 0; attempt < 2; attempt++) {
      const at: CardRef = card;
      // Typed in this thread (a thread note): never echoed. (A surface that records its mirror
      // under the typed system, in one part, finds an earlier mirror here too.)
      if (m.refs.some((r) => r.system === typed && port.postedIn(at, r.externalId))) return;
      // Parts posted by an earlier attempt (one ref each) are not posted again.
      let done = m.refs.filter((r) => r.system === system && port.postedIn(at, r.externalId)).length;
      let gone = false;
      for (const part of parts.slice(done)) {
        const ref = await port.postThreadPart(at, part);
        if (ref === "gone") {
          gone = true;
          break;
        }
        // Recorded per part, so a retry skips what went out; recording it twice (a retried delivery) is harmless.
        await recordMessageRef(opts.deps, m.id, system, ref);
        m.refs.push({ system, externalId: ref });
        done++;
      }
      if (!gone) return;
      // The card's thread was deleted: post the card again (its update finds it gone too) and
      // mirror the message into the new thread.
      const again = await opts.syncCard(m.ticketId);
      if (!again) return;
      card = again;
    }
    throw new DeliveryError(`the ${surface} thread of #${m.ticketId} went away twice while mirroring`);
  }

  return mirrorMessage;
}
