// Workers sleep until told that work was committed: in this process right after the commit, in
// other replicas through the database (PostgreSQL NOTIFY, which is delivered only if the
// transaction commits). Polling stays as the fallback.
import type { Tx } from "../db.js";

/** Tells workers that a transaction wrote outbox rows or jobs. */
export interface WorkSignal {
  /** Runs inside the transaction, once, when it wrote work (e.g. a NOTIFY for other replicas). */
  written?(tx: Tx): Promise<void>;
  /** Runs after that transaction committed. */
  committed(): void;
}

/** Transactions that wrote work; keyed by the transaction object, so nothing outlives it. */
const wroteWork = new WeakSet<object>();

/** Marks the transaction as one that wrote outbox rows or jobs. */
export function noteWork(tx: Tx): void {
  wroteWork.add(tx);
}

export function hasWork(tx: Tx): boolean {
  return wroteWork.has(tx);
}

/** Tickets a transaction changed (it recorded a timeline event on them), in the order first seen. */
const changedTickets = new WeakMap<object, Set<number>>();

export function noteTicketChanged(tx: Tx, ticketId: number): void {
  let ids = changedTickets.get(tx);
  if (!ids) changedTickets.set(tx, (ids = new Set()));
  ids.add(ticketId);
}

/** The ticket's SLA clocks were settled after its last change in this transaction (core/sla). */
export function noteTicketSettled(tx: Tx, ticketId: number): void {
  changedTickets.get(tx)?.delete(ticketId);
}

/** The tickets the transaction changed and did not settle yet. */
export function ticketsChanged(tx: Tx): ReadonlySet<number> {
  return changedTickets.get(tx) ?? new Set();
}

/** Tickets whose card the transaction already asked to bring up to date (a `ticket.changed` row). */
const cardsQueued = new WeakMap<object, Set<number>>();

export function noteCardQueued(tx: Tx, ticketId: number): void {
  let ids = cardsQueued.get(tx);
  if (!ids) cardsQueued.set(tx, (ids = new Set()));
  ids.add(ticketId);
}

export function cardQueued(tx: Tx, ticketId: number): boolean {
  return cardsQueued.get(tx)?.has(ticketId) ?? false;
}

/** A timeline event recorded in the transaction, for the workflows it may set off (core/workflows). */
export interface NotedEvent {
  ticketId: number;
  type: string;
  data: Record<string, unknown>;
  at: Date;
  /** The workflows whose actions led to it, outermost first; empty for a person's or the system's own change. */
  chain: readonly string[];
}

const eventsNoted = new WeakMap<object, NotedEvent[]>();
const workflowsActing = new WeakMap<object, readonly string[]>();

export function noteEvent(tx: Tx, e: NotedEvent): void {
  let list = eventsNoted.get(tx);
  if (!list) eventsNoted.set(tx, (list = []));
  list.push(e);
}

/** The events noted since the last call, in order; they are handed out once. */
export function takeEvents(tx: Tx): NotedEvent[] {
  const list = eventsNoted.get(tx) ?? [];
  eventsNoted.delete(tx);
  return list;
}

/** The chain of workflows acting in the transaction right now (see `asWorkflow`). */
export function workflowsActingIn(tx: Tx): readonly string[] {
  return workflowsActing.get(tx) ?? [];
}

/** Runs `fn` as the last workflow of `chain`: what it records is marked as that workflow's doing. */
export async function asWorkflow<T>(tx: Tx, chain: readonly string[], fn: () => Promise<T>): Promise<T> {
  const before = workflowsActing.get(tx);
  workflowsActing.set(tx, chain);
  try {
    return await fn();
  } finally {
    if (before) workflowsActing.set(tx, before);
    else workflowsActing.delete(tx);
  }
}
