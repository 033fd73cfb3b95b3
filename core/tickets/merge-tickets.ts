import { loadTicketFor, requireAgent, type ActingParty, type TicketRow, lockTicket } from "../access.js";
import type { Catalog } from "../config.js";
import type { Tx } from "../db.js";
import type { Actor, CoreDeps } from "../deps.js";
import { withTx } from "../deps.js";
import { conflict, invalid } from "../errors.js";
import { msg } from "../i18n/translate.js";
import { enqueue, messagePosted, ticketChanged } from "../outbox/enqueue.js";
import { parseJsonObject } from "../json.js";
import { change, recordEvent } from "../timeline.js";
import { endQuarantine } from "./quarantine.js";
import { mergeChain } from "./resolve-merged.js";
import { missingRequirements, statusColumns } from "./status-rules.js";
import { readTicketView, type TicketView } from "./view.js";

export interface MergeTicketsInput {
  /** The ticket that lives on. */
  primaryId: number;
  /** The ticket folded into the primary and closed. */
  secondaryId: number;
}

/**
 * Folds the secondary ticket into the primary: its messages (with their email and chat ids, so
 * later mail to the secondary threads onto the primary), followers and contacts join the primary,
 * and the secondary is closed and points at the primary. Returns the primary.
 */
export async function mergeTickets(deps: CoreDeps, input: MergeTicketsInput, actor: Actor): Promise<TicketView> {
  const { primaryId, secondaryId } = input;
  if (primaryId === secondaryId)
    throw invalid(msg("errors.mergeIntoItself", { id: primaryId }), { secondary: msg("fields.pickAnotherTicket") });
  const at = deps.now();
  return withTx(deps, async (tx) => {
    const agent = await requireAgent(tx, actor);
    const party: ActingParty = { type: "agent", agent };
    // Two crossing merges (A into B, B into A) would each see the other ticket unmerged and
    // together make a cycle. Taking both row locks first, always lowest id first, queues them
    // without deadlock, and the reads below then see whatever the earlier merge committed.
    for (const id of [primaryId, secondaryId].sort((a, b) => a - b)) {
      await lockTicket(tx, id, at);
    }
    const primary = await loadTicketFor(tx, party, primaryId, { allowMerged: true });
    const secondary = await loadTicketFor(tx, party, secondaryId, { allowMerged: true });
    await assertMergeable(tx, primary, secondary);

    // Conditional, so that even without the locks above a secondary is merged only once.
    const closing = secondaryClose(deps.catalog, secondary, at);
    const won = await tx
      .updateTable("Ticket")
      .set({ mergedIntoId: primary.id, updatedAt: at, ...closing.columns })
      .where("id", "=", secondary.id)
      .where("mergedIntoId", "is", null)
      .executeTakeFirst();
    if (Number(won.numUpdatedRows) === 0) throw conflict(msg("errors.mergedJustNow", { id: secondary.id }));

    // A conversation merged into a ticket filed apart must not vanish with it: that takes it up.
    // Before the messages move, so that only the primary's own messages are queued for its new
    // thread; the live ticket's were posted in chat already.
    if (!secondary.quarantined) await endQuarantine(tx, at, party, primary);
    // What a ticket filed apart holds never reached chat: it joins the primary's thread now.
    const unseen = secondary.quarantined
      ? await tx.selectFrom("Message").select("id").where("ticketId", "=", secondary.id).orderBy("createdAt").orderBy("id").execute()
      : [];
    await tx.updateTable("Message").set({ ticketId: primary.id }).where("ticketId", "=", secondary.id).execute();
    await joinFollowers(tx, secondary.id, primary.id, at);
    // A bounce or auto-reply filed apart brings its messages, not its sender (a mailer-daemon or
    // an out-of-office robot) as a contact to copy on replies.
    const adopted = secondary.quarantined ? false : await joinContacts(tx, secondary, primary);
    await tx
      .updateTable("Ticket")
      .set({ updatedAt: at, ...(adopted ? { contactId: secondary.contactId, companyId: secondary.companyId } : {}) })
      .where("id", "=", primary.id)
      .execute();

    const data = { primary: primary.id, secondary: secondary.id };
    await recordEvent(tx, at, primary.id, party, "ticket.merged", data);
    await recordEvent(tx, at, secondary.id, party, "ticket.merged", {
      ...data,
      ...(closing.statusId !== secondary.statusId ? { status: change(secondary.statusId, closing.statusId) } : {}),
    });
    await enqueue(
      tx,
      at,
      ticketChanged(primary.id, "merged"),
      ticketChanged(secondary.id, "merged"),
      ...unseen.map((m) => messagePosted(primary.id, m.id)),
    );
    return readTicketView(tx, deps.catalog, primary.id);
  });
}

async function assertMergeable(tx: Tx, primary: TicketRow, secondary: TicketRow): Promise<void> {
  // Checked before "primary already merged" so the agent learns why this pair cannot work.
  const chain = await mergeChain(tx, primary.id);
  if (chain.includes(secondary.id)) {
    throw invalid(msg("errors.mergeCycle", { id: primary.id, into: secondary.id }));
  }
  if (secondary.mergedIntoId !== null) {
    throw invalid(msg("errors.alreadyMerged", { id: secondary.id, into: secondary.mergedIntoId }));
  }
  if (primary.mergedIntoId !== null) {
    const final = chain[chain.length - 1]!;
    throw invalid(msg("errors.mergeIntoFinal", { id: primary.id, into: primary.mergedIntoId, final }));
  }
}

/**
 * The status columns that close the secondary: its pipeline's first closed status. A merge is
 * not a resolution, so that status's required properties are not asked for; a secondary that is
 * already closed keeps its status and close time.
 */
function secondaryClose(catalog: Catalog, secondary: TicketRow, at: Date) {
  if (!secondary.open) return { statusId: secondary.statusId, columns: {} };
  // The first closed status the secondary can enter as it is (Closed rather than a Resolved that
  // asks for a resolution nobody wrote), else the first closed status at all.
  const closed = catalog.pipeline(secondary.pipelineId)?.statuses.filter((s) => s.category === "CLOSED") ?? [];
  const state = {
    ownerId: secondary.ownerId,
    teamId: secondary.teamId,
    contactId: secondary.contactId,
    properties: parseJsonObject(secondary.properties),
  };
  const status = closed.find((s) => missingRequirements(catalog, s, state).length === 0) ?? closed[0];
  if (!status) throw invalid(msg("errors.noClosedStatus", { pipelineId: secondary.pipelineId, id: secondary.id }));
  return { statusId: status.id, columns: statusColumns(catalog, status, at, secondary) };
}

async function joinFollowers(tx: Tx, fromId: number, toId: number, at: Date): Promise<void> {
  const from = await tx.selectFrom("Follower").select("agentId").where("ticketId", "=", fromId).execute();
  const to = await tx.selectFrom("Follower").select("agentId").where("ticketId", "=", toId).execute();
  const already = new Set(to.map((f) => f.agentId));
  const joining = from.filter((f) => !already.has(f.agentId));
  if (joining.length)
    await tx
      .insertInto("Follower")
      .values(joining.map((f) => ({ agentId: f.agentId, ticketId: toId, createdAt: at })))
      .execute();
}

/**
 * Adds the secondary's contacts to the primary. A ticket has one requester: the primary keeps
 * its own and the secondary's joins as a cc, unless the primary had none, in which case the
 * secondary's requester is adopted as the primary's (returns true).
 */
async function joinContacts(tx: Tx, secondary: TicketRow, primary: TicketRow): Promise<boolean> {
  const from = await tx.selectFrom("TicketContact").select(["contactId", "role"]).where("ticketId", "=", secondary.id).execute();
  const to = await tx.selectFrom("TicketContact").select(["contactId", "role"]).where("ticketId", "=", primary.id).execute();
  const adopt = primary.contactId === null && secondary.contactId !== null;
  const already = new Map(to.map((c) => [c.contactId, c.role]));
  const ids = new Set(from.map((c) => c.contactId));
  if (secondary.contactId) ids.add(secondary.contactId);
  const joining = [...ids].filter((id) => !already.has(id));
  const roleOf = (id: string) => (adopt && id === secondary.contactId ? "requester" : "cc");
  if (joining.length) {
    await tx
      .insertInto("TicketContact")
      .values(joining.map((contactId) => ({ ticketId: primary.id, contactId, role: roleOf(contactId) })))
      .execute();
  }
  if (adopt && already.has(secondary.contactId!)) {
    await tx
      .updateTable("TicketContact")
      .set({ role: "requester" })
      .where("ticketId", "=", primary.id)
      .where("contactId", "=", secondary.contactId!)
      .execute();
  }
  return adopt;
}
