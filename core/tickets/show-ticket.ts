import { loadTicketFor, requireAgent } from "../access.js";
import type { Tx } from "../db.js";
import type { Actor, CoreDeps } from "../deps.js";
import { withTx } from "../deps.js";
import { parseJsonArray, parseJsonObject } from "../json.js";
import { readTicketView, type TicketView } from "./view.js";

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
    const order = [{ createdAt: "asc" as const }, { id: "asc" as const }];
    const messages = await tx.message.findMany({
      where: { ticketId: ticket.id },
      orderBy: order,
      include: {
        refs: { select: { system: true, externalId: true }, orderBy: { id: "asc" } },
        attachments: { select: { id: true, filename: true, contentType: true, size: true }, orderBy: { id: "asc" } },
      },
    });
    const events = await tx.timelineEvent.findMany({ where: { ticketId: ticket.id }, orderBy: order });
    const followers = await tx.follower.findMany({
      where: { ticketId: ticket.id },
      orderBy: { createdAt: "asc" },
      select: { agent: { select: { id: true, name: true } } },
    });
    const draft = await tx.draft.findUnique({ where: { agentId_ticketId: { agentId: agent.id, ticketId: ticket.id } } });
    const chatLinks = await tx.chatLink.findMany({
      where: { ticketId: ticket.id },
      orderBy: { createdAt: "asc" },
      select: { surface: true, role: true, channelId: true, messageId: true, threadId: true },
    });
    const party = await partyResolver(tx, [
      ...messages.map((m) => ({ agentId: m.authorAgentId, contactId: m.authorContactId })),
      ...events.map((e) => ({ agentId: e.actorType === "agent" ? e.actorId : null, contactId: e.actorType === "contact" ? e.actorId : null })),
    ]);
    return {
      ticket: await readTicketView(tx, deps.catalog, ticket.id),
      messages: messages.map((m) => ({
        id: m.id,
        kind: m.kind as MessageView["kind"],
        author: party(m.authorAgentId, m.authorContactId),
        text: m.text,
        html: m.html,
        channel: m.channel,
        cc: parseJsonArray<string>(m.cc),
        bcc: parseJsonArray<string>(m.bcc),
        inReplyToId: m.inReplyToId,
        createdAt: m.createdAt,
        refs: m.refs,
        attachments: m.attachments,
      })),
      timeline: events.map((e) => ({
        id: e.id,
        type: e.type,
        actor: party(e.actorType === "agent" ? e.actorId : null, e.actorType === "contact" ? e.actorId : null),
        data: parseJsonObject(e.data),
        createdAt: e.createdAt,
      })),
      followers: followers.map((f) => f.agent),
      draft: draft ? { text: draft.text, data: parseJsonObject(draft.data), updatedAt: draft.updatedAt } : null,
      chatLinks,
    };
  });
}

/** Looks up every author/actor once, rather than once per message or event. */
async function partyResolver(tx: Tx, refs: { agentId: string | null; contactId: string | null }[]) {
  const agentIds = [...new Set(refs.flatMap((r) => (r.agentId ? [r.agentId] : [])))];
  const contactIds = [...new Set(refs.flatMap((r) => (r.contactId ? [r.contactId] : [])))];
  const agents = new Map(
    (await tx.agent.findMany({ where: { id: { in: agentIds } }, select: { id: true, name: true } })).map((a) => [a.id, a.name]),
  );
  const contacts = new Map(
    (await tx.contact.findMany({ where: { id: { in: contactIds } }, select: { id: true, name: true, email: true } })).map((c) => [c.id, c]),
  );
  return (agentId: string | null, contactId: string | null): PartyRef => {
    if (agentId) return { type: "agent", id: agentId, name: agents.get(agentId) ?? null };
    if (contactId) {
      const c = contacts.get(contactId);
      return { type: "contact", id: contactId, name: c?.name ?? null, email: c?.email ?? null };
    }
    return { type: "system" };
  };
}
