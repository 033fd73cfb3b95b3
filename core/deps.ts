import type { Catalog } from "./config.js";
import type { Db, Tx } from "./db.js";
import { isUniqueViolation, transientDriverError } from "./db-errors.js";
import { hasWork, takeEvents, ticketsChanged, type WorkSignal } from "./jobs/work-signal.js";
import { settleSla } from "./sla/clocks.js";
import { runWorkflows } from "./workflows/run-workflows.js";
import { enqueueWebhooks } from "./webhooks/enqueue-webhooks.js";
import { rereadTicketViews } from "./tickets/view.js";

/** Who is acting. Agents act from chat; contacts by writing in; the system on its own behalf. */
export type Actor = { type: "agent"; agentId: string } | { type: "contact"; contactId: string } | { type: "system" };

export const systemActor: Actor = { type: "system" };

/** What every use case is given. No module-level singletons: tests build their own. */
export interface CoreDeps {
  db: Db;
  /**
   * Read-only connections for the long reports (the KPIs), when the database has them apart from
   * `db` (SQLite: a pool of reader threads). They may not yet show what committed a moment ago,
   * and may show a commit whose disk sync has not returned yet: a report's picture of the moment,
   * never the ground for a write. Readers fall back to `db` without them.
   */
  reports?: Db | undefined;
  /**
   * `reports` streams a statement's rows in chunks of the size asked for (Kysely's `stream`), read
   * on its own connection ahead of the caller (SQLite's report pool). The CSV export of a ticket
   * figure then reads its list as one statement; otherwise a chunk at a time.
   */
  reportStreams?: boolean | undefined;
  catalog: Catalog;
  now: () => Date;
  /** Wakes the workers when a transaction wrote outbox rows or jobs; without it they poll. */
  work?: WorkSignal | undefined;
  /** A request's own bookkeeping, committed with its effect (see CommitHook). */
  commitHook?: CommitHook | undefined;
}

/**
 * Work a caller adds to the transaction that carries out its request, given per request in its
 * CoreDeps: withTx runs it inside the transaction, last, with what the transaction returns, so that
 * the caller's record of the request (an idempotency key's answer) commits with the effect or not
 * at all, and no crash can fall between the two. It may throw to roll the effect back. Only the
 * request's one transaction runs it: an attempt that rolls back runs it again on its retry, and a
 * second transaction with the same deps (nested, or after the first committed) is refused.
 */
export interface CommitHook {
  inTransaction(tx: Tx, result: unknown): Promise<void>;
  /** withTx's bookkeeping: "running" while a transaction holds it, "committed" once one committed it. */
  state: "idle" | "running" | "committed";
}

/**
 * Before a transaction commits, the SLA clocks of every ticket it changed follow the change
 * (core/sla/clocks.ts); settling may record events of its own, on tickets already settled.
 */
async function settleChangedTickets(tx: Tx, deps: Partial<CoreDeps>): Promise<void> {
  if (!deps.catalog || !deps.now) return;
  // Settling removes the ticket from the set (and what it records itself does not add it back).
  for (let next = first(ticketsChanged(tx)); next !== undefined; next = first(ticketsChanged(tx)))
    await settleSla(tx, { catalog: deps.catalog, now: deps.now }, next);
}

const first = (ids: ReadonlySet<number>): number | undefined => ids.values().next().value;

/**
 * Before a transaction commits: the SLA clocks follow the changes, then the workflows the changes
 * (and the SLA alerts) set off run, and so on while they change tickets (chains are bounded by
 * core/workflows/run-workflows.ts). All of it commits with the change or not at all.
 */
async function afterChanges(tx: Tx, deps: Partial<CoreDeps>): Promise<void> {
  for (;;) {
    await settleChangedTickets(tx, deps);
    const events = takeEvents(tx);
    await enqueueWebhooks(tx, deps, events);
    if (!events.length || !deps.catalog || !deps.now) return;
    await runWorkflows(tx, { catalog: deps.catalog, now: deps.now }, events);
  }
}

/**
 * Runs `fn` in one database transaction. A transaction that lost a race on a unique key (a racing
 * transaction created the same contact or company first) or hit a write conflict or deadlock is
 * retried from the start (a few times), since its reads are stale.
 */
export async function withTx<T>(
  deps: Pick<CoreDeps, "db"> & Partial<CoreDeps>,
  fn: (tx: Tx) => Promise<T>,
  opts: { attempts?: number } = {},
): Promise<T> {
  const attempts = opts.attempts ?? 4;
  // A request's bookkeeping goes with the one transaction that carries the request out: a second
  // one (nested, or after the first committed) would commit outside the answer already stored.
  if (deps.commitHook && deps.commitHook.state !== "idle")
    throw new Error(`a second transaction in a request whose answer is committed with its transaction (${deps.commitHook.state})`);
  const hook = deps.commitHook;
  if (hook) hook.state = "running";
  for (let i = 1; ; i++) {
    try {
      let wrote = false;
      const result = await deps.db.transaction().execute(async (tx) => {
        const changed = await fn(tx);
        await afterChanges(tx, deps);
        const r = deps.catalog ? await rereadTicketViews(tx, deps.catalog, changed) : changed;
        await hook?.inTransaction(tx, r);
        wrote = hasWork(tx);
        if (wrote) await deps.work?.written?.(tx);
        return r;
      });
      if (hook) hook.state = "committed";
      if (wrote) deps.work?.committed();
      return result;
    } catch (e) {
      const retryable = isUniqueViolation(e) || transientDriverError(e) === "rolled_back";
      if (i >= attempts || !retryable) {
        if (hook) hook.state = "idle";
        throw e;
      }
      await new Promise((r) => setTimeout(r, 5 * i + Math.random() * 10 * i));
    }
  }
}
