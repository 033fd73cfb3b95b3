import { loadTicketFor, requireAgent } from "../access.js";
import type { Actor, CoreDeps } from "../deps.js";
import { withTx } from "../deps.js";
import { invalid } from "../errors.js";
import { msg } from "../i18n/translate.js";
import { parseJsonObject } from "../json.js";
import { normaliseRecipients } from "./reply-to-ticket.js";
import { findStatus } from "./status-rules.js";

// Drafts are private to their author: saving, reading or discarding one records no timeline
// event, queues no chat update and leaves the ticket's updatedAt alone, since any of those would
// show other agents that someone is writing.

export interface SaveDraftInput {
  ticketId: number;
  text: string;
  cc?: string[] | undefined;
  bcc?: string[] | undefined;
  /** The status the reply is meant to set when it is sent. */
  statusId?: string | undefined;
}

/** An agent's unsent reply to a ticket, as only that agent sees it. */
export interface DraftView {
  ticketId: number;
  text: string;
  cc: string[];
  bcc: string[];
  statusId: string | null;
  updatedAt: Date;
}

export function toDraftView(d: { ticketId: number; text: string; data: string; updatedAt: Date }): DraftView {
  const data = parseJsonObject(d.data);
  const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
  return {
    ticketId: d.ticketId,
    text: d.text,
    cc: list(data.cc),
    bcc: list(data.bcc),
    statusId: typeof data.statusId === "string" ? data.statusId : null,
    updatedAt: d.updatedAt,
  };
}

/**
 * Saves the acting agent's draft reply on a ticket, replacing any earlier one (one draft per
 * agent and ticket). Addresses and status are checked now, so a draft never holds a reply that
 * could not be sent for those reasons.
 */
export async function saveDraft(deps: CoreDeps, input: SaveDraftInput, actor: Actor): Promise<DraftView> {
  if (!input.text.trim()) throw invalid(msg("errors.draftEmpty"), { text: msg("fields.required") });
  const { cc, bcc } = normaliseRecipients(input);
  const at = deps.now();
  return withTx(deps, async (tx) => {
    const agent = await requireAgent(tx, actor);
    const ticket = await loadTicketFor(tx, { type: "agent", agent }, input.ticketId);
    if (input.statusId !== undefined) findStatus(deps.catalog, ticket.pipelineId, input.statusId);
    // The text is kept as typed: a draft is work in progress, trimmed only when sent.
    const fields = { text: input.text, data: JSON.stringify({ cc, bcc, statusId: input.statusId ?? null }), updatedAt: at };
    // One statement either way: two saves racing from two tabs both land, the later one kept.
    const draft = await tx
      .insertInto("Draft")
      .values({ agentId: agent.id, ticketId: ticket.id, ...fields })
      .onConflict((oc) => oc.columns(["agentId", "ticketId"]).doUpdateSet(fields))
      .returning(["ticketId", "text", "data", "updatedAt"])
      .executeTakeFirstOrThrow();
    return toDraftView(draft);
  });
}

export interface GetDraftInput {
  ticketId: number;
}

/** The acting agent's own draft on a ticket, or null. Other agents' drafts are never returned. */
export async function getDraft(deps: CoreDeps, input: GetDraftInput, actor: Actor): Promise<DraftView | null> {
  return withTx(deps, async (tx) => {
    const agent = await requireAgent(tx, actor);
    // Still shown after a merge or delete, so the author can copy the text to where it belongs.
    const ticket = await loadTicketFor(tx, { type: "agent", agent }, input.ticketId, { allowDeleted: true, allowMerged: true });
    const draft = await tx
      .selectFrom("Draft")
      .select(["ticketId", "text", "data", "updatedAt"])
      .where("agentId", "=", agent.id)
      .where("ticketId", "=", ticket.id)
      .executeTakeFirst();
    return draft ? toDraftView(draft) : null;
  });
}
