import { loadTicketFor, requireAgent } from "../access.js";
import type { Actor, CoreDeps } from "../deps.js";
import { withTx } from "../deps.js";
import { parseJsonArray, parseJsonObject } from "../json.js";
import { readSlaDue, readTicketView, type TicketView } from "./view.js";

export interface ShowTicketInput {
  ticketId: number;
}

/** Who wrote a message or made a change. `name` is null when the record is gone. */
export type PartyRef =
  | { type: "agent"; id: string; name: string | null }
  | { type: "contact"; id: string; name: string | null; email: string | null }
  | { type: "system" };

export interface MessageView {
  id: string;
  kind: "INBOUND" | "REPLY" | "COMMENT" | "SYSTEM";
  author: PartyRef;
  text: string;
  html: string | null;
  channel: string;
  cc: string[];
  bcc: string[];
  inReplyToId: string | null;
  createdAt: Date;
  refs: { system: string; externalId: string }[];
  /** Metadata only: content is fetched separately, when someone opens the file. */
  attachments: { id: string; filename: string; contentType: string; size: number }[];
}

export interface TimelineEntry {
  id: string;
  type: string;
  actor: PartyRef;
  data: Record<string, unknown>;
  createdAt: Date;
}

export interface DraftView {
  text: string;
  data: Record<string, unknown>;
  updatedAt: Date;
}

export interface ChatLinkView {
  surface: string;
  role: string;
  channelId: string;
  messageId: string | null;
  threadId: string | null;
}

export interface TicketDetail {
  ticket: TicketView;
  /** Oldest first. */
  messages: MessageView[];
  /** Oldest first. */
  timeline: TimelineEntry[];
  followers: { id: string; name: string }[];
  /** The acting agent's own draft: other agents' drafts are private to them. */
  draft: DraftView | null;
  chatLinks: ChatLinkView[];
}

/**
 * Everything about one ticket an agent may see. A merged ticket can still be shown (its card and
 * old links point at it); a deleted one only to admins, who can restore it.
 */
export async function showTicket(deps: CoreDeps, input: ShowTicketInput, actor: Actor): Promise<TicketDetail> {
  return withTx(deps, async (tx) => {
    const agent = await requireAgent(tx, actor);
    const ticket = await loadTicketFor(tx, { type: "agent", agent }, input.ticketId, {
      allowMerged: true,
      allowDeleted: agent.role === "admin",
    });
    // Authors' and actors' names are joined in: a name is null when its agent or contact is gone.
    const messages = await tx
      .selectFrom("Message as m")
      .leftJoin("Agent as a", "a.id", "m.authorAgentId")
      .leftJoin("Contact as c", "c.id", "m.authorContactId")
      .select([
        "m.id",
        "m.kind",
        "m.authorAgentId",
        "m.authorContactId",
        "m.text",
        "m.html",
        "m.channel",
        "m.cc",
        "m.bcc",
        "m.inReplyToId",
        "m.createdAt",
      ])
      .select(["a.name as agentName", "c.name as contactName", "c.email as contactEmail"])
      .where("m.ticketId", "=", ticket.id)
      .orderBy("m.createdAt")
      .orderBy("m.id")
      .execute();
    const refs = await tx
      .selectFrom("MessageRef as r")
      .innerJoin("Message as m", "m.id", "r.messageId")
      .select(["r.messageId", "r.system", "r.externalId"])
      .where("m.ticketId", "=", ticket.id)
      .orderBy("r.id")
      .execute();
    // Metadata only: the content stays in the database until someone opens the file.
    const attachments = await tx
      .selectFrom("Attachment as f")
      .innerJoin("Message as m", "m.id", "f.messageId")
      .select(["f.messageId", "f.id", "f.filename", "f.contentType", "f.size"])
      .where("m.ticketId", "=", ticket.id)
      .orderBy("f.id")
      .execute();
    const events = await tx
      .selectFrom("TimelineEvent as e")
      .leftJoin("Agent as a", (j) => j.onRef("a.id", "=", "e.actorId").on("e.actorType", "=", "agent"))
      .leftJoin("Contact as c", (j) => j.onRef("c.id", "=", "e.actorId").on("e.actorType", "=", "contact"))
      .select([
        "e.id",
        "e.type",
        "e.actorType",
        "e.actorId",
        "e.data",
        "e.createdAt",
        "a.name as agentName",
        "c.name as contactName",
        "c.email as contactEmail",
      ])
      .where("e.ticketId", "=", ticket.id)
      .orderBy("e.createdAt")
      .orderBy("e.id")
      .execute();
    const followers = await tx
      .selectFrom("Follower as f")
      .innerJoin("Agent as a", "a.id", "f.agentId")
      .select(["a.id", "a.name"])
      .where("f.ticketId", "=", ticket.id)
      .orderBy("f.createdAt")
      .orderBy("f.agentId")
      .execute();
    const draft = await tx
      .selectFrom("Draft")
      .select(["text", "data", "updatedAt"])
      .where("agentId", "=", agent.id)
      .where("ticketId", "=", ticket.id)
      .executeTakeFirst();
    const chatLinks = await tx
      .selectFrom("ChatLink")
      .select(["surface", "role", "channelId", "messageId", "threadId"])
      .where("ticketId", "=", ticket.id)
      .orderBy("createdAt")
      .orderBy("id")
      .execute();
    const byMessage = <T extends { messageId: string }>(rows: T[]) => {
      const m = new Map<string, Omit<T, "messageId">[]>();
      for (const { messageId, ...rest } of rows) m.set(messageId, [...(m.get(messageId) ?? []), rest]);
      return m;
    };
    const refsOf = byMessage(refs);
    const attachmentsOf = byMessage(attachments);
    return {
      // Read-only: the clocks are as the last change settled them, so the SLA line is current.
      ticket: { ...(await readTicketView(tx, deps.catalog, ticket.id)), sla: await readSlaDue(tx, ticket.id) },
      messages: messages.map((m) => ({
        id: m.id,
        kind: m.kind as MessageView["kind"],
        author: party(m.authorAgentId, m.authorContactId, m),
        text: m.text,
        html: m.html,
        channel: m.channel,
        cc: parseJsonArray<string>(m.cc),
        bcc: parseJsonArray<string>(m.bcc),
        inReplyToId: m.inReplyToId,
        createdAt: m.createdAt,
        refs: refsOf.get(m.id) ?? [],
        attachments: attachmentsOf.get(m.id) ?? [],
      })),
      timeline: events.map((e) => ({
        id: e.id,
        type: e.type,
        actor: party(e.actorType === "agent" ? e.actorId : null, e.actorType === "contact" ? e.actorId : null, e),
        data: parseJsonObject(e.data),
        createdAt: e.createdAt,
      })),
      followers,
      draft: draft ? { text: draft.text, data: parseJsonObject(draft.data), updatedAt: draft.updatedAt } : null,
      chatLinks,
    };
  });
}

/** Who a message or event is by, from its ids and the names joined in for them. */
function party(
  agentId: string | null,
  contactId: string | null,
  names: { agentName: string | null; contactName: string | null; contactEmail: string | null },
): PartyRef {
  if (agentId) return { type: "agent", id: agentId, name: names.agentName };
  if (contactId) return { type: "contact", id: contactId, name: names.contactName, email: names.contactEmail };
  return { type: "system" };
}
