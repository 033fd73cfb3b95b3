// Cards for open tickets a chat surface has never shown: a surface turned on after tickets
// existed, or a triage channel or forum added for tickets that had nowhere to go. Run at start and
// on demand; each card is queued once, however often it runs and however many replicas run it.
import type { CoreDeps } from "../deps.js";
import { withTx } from "../deps.js";
import type { Logger } from "../log.js";
import type { ChatSurface } from "../outbox/delivery.js";
import { cardOn, enqueue } from "../outbox/enqueue.js";
import { releaseLease, takeLease } from "../leases/take-lease.js";

/** A configured chat surface, as the backfill sees it. */
export interface BackfillSurface {
  surface: ChatSurface;
  /** Where the surface would post the ticket's card now (a channel or forum id), or null for nowhere. */
  destination(ticket: { pipelineId: string; teamId: string | null }): string | null;
}

export interface BackfillCardsInput {
  surfaces: readonly BackfillSurface[];
  /** This process, as the holder of each surface's backfill lease. */
  holder: string;
  /** Tickets checked (and their cards queued) per transaction. */
  batchSize?: number;
  /** Aborted: stops between batches (the service shutting down); what was queued stays queued. */
  signal?: AbortSignal | undefined;
}

export interface BackfillOutcome {
  surface: ChatSurface;
  /** "busy": another process holds the surface's backfill lease and is doing it. */
  status: "done" | "busy" | "stopped";
  /** Open tickets looked at. */
  checked: number;
  /** Cards queued. */
  queued: number;
}

/** How long a backfill lease lasts unless renewed; it is renewed with every batch. */
const leaseTtlMs = 120_000;

/** The lease that lets one process at a time backfill a surface. */
export const backfillLeaseName = (surface: ChatSurface) => `chat-backfill:${surface}`;

/** What counts as a ticket the surface shows, or is about to: any of these rows makes (or updates) its card. */
const cardTopics = ["ticket.changed", "message.posted"];

/**
 * Queues a card on each surface for every open ticket (not deleted, not merged, not filed apart)
 * that has a destination there but no card, and no pending row that would post one. Closed
 * tickets are left alone: agents work open tickets, and a closed one that reopens gets its card then.
 *
 * Idempotent: a ticket with a card link or a pending card row on the surface is skipped, so a
 * second run queues nothing. Several replicas starting together: one takes the surface's lease
 * and does it, the others answer "busy". Every batch renews the lease in the transaction that
 * queues its cards, so a holder whose lease was taken over (it stalled past it) queues nothing
 * more, and on PostgreSQL the renewal's row lock orders the two.
 */
export async function backfillCards(deps: CoreDeps, log: Logger, input: BackfillCardsInput): Promise<BackfillOutcome[]> {
  const out: BackfillOutcome[] = [];
  for (const s of input.surfaces) out.push(await backfillSurface(deps, log, input, s));
  return out;
}

async function backfillSurface(deps: CoreDeps, log: Logger, input: BackfillCardsInput, s: BackfillSurface): Promise<BackfillOutcome> {
  const { db } = deps;
  const name = backfillLeaseName(s.surface);
  const result: BackfillOutcome = { surface: s.surface, status: "done", checked: 0, queued: 0 };
  const say = `backfill ${s.surface}`;
  if (!(await takeLease(db, name, input.holder, leaseTtlMs, deps.now()))) {
    log.info(`${say}: another process is doing it`, { surface: s.surface });
    return { ...result, status: "busy" };
  }
  try {
    // A ticket filed apart (an auto-reply or bounce nobody took up) has no card on purpose.
    const counted = await db
      .selectFrom("Ticket")
      .select((eb) => eb.fn.countAll().as("n"))
      .where("open", "=", true)
      .where("deletedAt", "is", null)
      .where("mergedIntoId", "is", null)
      .where("quarantined", "=", false)
      .executeTakeFirstOrThrow();
    const total = Number(counted.n);
    let after = 0;
    for (;;) {
      if (input.signal?.aborted) {
        log.info(`${say}: stopped at ${result.checked}/${total} open tickets, ${result.queued} cards queued`, { surface: s.surface });
        return { ...result, status: "stopped" };
      }
      const batch = await withTx(deps, async (tx) => {
        const at = deps.now();
        // Our lease, renewed, or nothing: another process has taken the surface over.
        const held = await tx
          .updateTable("Lease")
          .set({ expiresAt: new Date(at.getTime() + leaseTtlMs) })
          .where("name", "=", name)
          .where("holder", "=", input.holder)
          .executeTakeFirst();
        if (Number(held.numUpdatedRows) === 0) return null;
        const tickets = await tx
          .selectFrom("Ticket")
          .select(["id", "pipelineId", "teamId"])
          .where("open", "=", true)
          .where("deletedAt", "is", null)
          .where("mergedIntoId", "is", null)
          .where("quarantined", "=", false)
          .where("id", ">", after)
          .orderBy("id")
          .limit(input.batchSize ?? 200)
          .execute();
        if (tickets.length === 0) return { checked: 0, queued: 0, last: after };
        const ids = tickets.map((t) => t.id);
        const carded = await tx
          .selectFrom("ChatLink")
          .select("ticketId")
          .where("ticketId", "in", ids)
          .where("surface", "=", s.surface)
          .where("role", "=", "card")
          .execute();
        const coming = await tx
          .selectFrom("Outbox")
          .select("ticketId")
          .where("ticketId", "in", ids)
          .where("status", "=", "pending")
          .where("target", "in", ["chat", s.surface])
          .where("topic", "in", cardTopics)
          .execute();
        const skip = new Set<number | null>([...carded, ...coming].map((r) => r.ticketId));
        const wanted = tickets.filter((t) => !skip.has(t.id) && s.destination({ pipelineId: t.pipelineId, teamId: t.teamId }) !== null);
        await enqueue(tx, at, ...wanted.map((t) => cardOn(s.surface, t.id, "backfill")));
        return { checked: tickets.length, queued: wanted.length, last: tickets.at(-1)!.id };
      });
      if (!batch) {
        log.warn(`${say}: its lease was taken over; leaving the rest to the new holder`, {
          surface: s.surface,
          checked: result.checked,
          queued: result.queued,
        });
        return { ...result, status: "busy" };
      }
      if (batch.checked === 0) break;
      after = batch.last;
      result.checked += batch.checked;
      result.queued += batch.queued;
      log.info(`${say}: ${result.checked}/${Math.max(total, result.checked)} open tickets checked, ${result.queued} cards queued`, {
        surface: s.surface,
      });
    }
    log.info(`${say}: done, ${result.queued} cards queued for ${result.checked} open tickets`, {
      surface: s.surface,
      checked: result.checked,
      queued: result.queued,
    });
    return result;
  } finally {
    await releaseLease(db, name, input.holder).catch(() => undefined);
  }
}
