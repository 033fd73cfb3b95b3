// What the outbox dispatcher's tests share: a target that records, a logger that keeps what it
// was told, a gate, and rows and tickets to deliver.
import { createTicket } from "../core/tickets/create-ticket.js";
import type { Logger } from "../core/log.js";
import type { DeliveryTarget, OutboxRow } from "../core/outbox/delivery.js";
import { enqueue } from "../core/outbox/enqueue.js";
import { as, type TestCore } from "./harness.js";

/** A target that records what reached it and fails as told. */
export function recorder(fail?: (row: OutboxRow, n: number) => Error | null): DeliveryTarget & { seen: OutboxRow[] } {
  const seen: OutboxRow[] = [];
  return {
    seen,
    async deliver(row) {
      const err = fail?.(row, seen.length);
      seen.push(row);
      if (err) throw err;
    },
  };
}

export interface LogLine {
  level: string;
  msg: string;
  fields: Record<string, unknown>;
}

/** A logger that keeps what it was told, with its children's bound fields. */
export function capturing(lines: LogLine[] = [], bound: Record<string, unknown> = {}): Logger & { lines: LogLine[] } {
  const at =
    (level: string) =>
    (msg: string, fields: Record<string, unknown> = {}) =>
      void lines.push({ level, msg, fields: { ...bound, ...fields } });
  return {
    lines,
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    child: (f) => capturing(lines, { ...bound, ...f }),
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A promise and the function that settles it. */
export function gate(): { wait: Promise<void>; open: () => void } {
  let open!: () => void;
  const wait = new Promise<void>((r) => (open = r));
  return { wait, open };
}

export async function clearOutbox(t: TestCore): Promise<void> {
  await t.prisma.outbox.deleteMany({});
}

/** One email reply row for the ticket, written as a use case writes it. */
export async function emailRow(t: TestCore, ticketId: number, messageId = "m-1"): Promise<void> {
  await t.deps.db
    .transaction()
    .execute((tx) => enqueue(tx, t.deps.now(), { target: "email", topic: "email.reply", payload: { ticketId, messageId } }));
}

/** `count` tickets with no outbox rows of their own. */
export async function tickets(t: TestCore, count: number): Promise<number[]> {
  await clearOutbox(t);
  const ids: number[] = [];
  for (let i = 0; i < count; i++) ids.push((await createTicket(t.deps, { subject: `ticket ${i}` }, as.bob)).id);
  await clearOutbox(t);
  return ids;
}
