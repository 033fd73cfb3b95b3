import { randomUUID } from "node:crypto";
import type { CoreDeps } from "../deps.js";
import { withTx } from "../deps.js";
import { parseJsonObject } from "../json.js";
import type { Logger } from "../log.js";
import { recordEvent } from "../timeline.js";
import { enqueue, notifyAgents } from "./enqueue.js";
import { chatSurfaces, DeliveryError, type DeliveryTarget, type DeliveryTargetName, type OutboxRow } from "./delivery.js";

export interface DispatcherOptions {
  deps: CoreDeps;
  /** The targets configured in this process; rows for the others wait. */
  targets: Partial<Record<DeliveryTargetName, DeliveryTarget>>;
  log: Logger;
  workerId?: string;
  pollMs?: number;
  batchSize?: number;
  /** Attempts before a row is given up on and shown as failed. */
  maxAttempts?: number;
  /** How long a claimed row is held before another replica may take it (crash recovery). */
  leaseMs?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
}

/**
 * Works the outbox after commit: claims due rows (safely across replicas), hands each to its
 * target, and retries failures with exponential backoff (or the target's Retry-After). Rows live
 * in the database, so a restart loses nothing; a crashed worker's claim expires with its lease.
 */
export class OutboxDispatcher {
  readonly #o: Required<Omit<DispatcherOptions, "targets" | "deps" | "log">> & Pick<DispatcherOptions, "targets" | "deps" | "log">;
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<void> | null = null;
  #stopped = true;
  readonly #waitingSaid = new Set<string>();

  constructor(opts: DispatcherOptions) {
    this.#o = {
      workerId: `dispatcher-${randomUUID().slice(0, 8)}`,
      pollMs: 1000,
      batchSize: 50,
      maxAttempts: 8,
      leaseMs: 60_000,
      backoffBaseMs: 2_000,
      backoffMaxMs: 15 * 60_000,
      ...opts,
    };
  }

  get configuredTargets(): DeliveryTargetName[] {
    return Object.keys(this.#o.targets) as DeliveryTargetName[];
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    const tick = () => {
      this.#running = this.runOnce()
        .then(() => undefined)
        .catch((e: unknown) => this.#o.log.error("outbox pass failed", { err: String(e) }))
        .finally(() => {
          this.#running = null;
          if (!this.#stopped) this.#timer = setTimeout(tick, this.#o.pollMs);
        });
    };
    tick();
  }

  /** Stops polling and waits for the deliveries in flight to finish. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#running;
  }

  /** One pass: fan out chat rows, then deliver what is due. Returns how many rows it delivered. */
  async runOnce(): Promise<number> {
    await this.#fanOutChat();
    await this.#sayWhatWaits();
    const rows = await this.#claimDue();
    let delivered = 0;
    for (const row of rows) if (await this.#deliver(row)) delivered++;
    return delivered;
  }

  #surfaces() {
    return chatSurfaces.filter((s) => this.#o.targets[s]);
  }

  async #fanOutChat(): Promise<void> {
    const surfaces = this.#surfaces();
    if (surfaces.length === 0) return;
    const { db } = this.#o.deps;
    const parents = await db.outbox.findMany({ where: { target: "chat", status: "pending" }, take: this.#o.batchSize, orderBy: { createdAt: "asc" } });
    for (const p of parents) {
      await withTx(this.#o.deps, async (tx) => {
        // The conditional update makes the fan-out happen once even with several replicas.
        const mine = await tx.outbox.updateMany({ where: { id: p.id, status: "pending" }, data: { status: "done", deliveredAt: this.#o.deps.now() } });
        if (mine.count === 0) return;
        await tx.outbox.createMany({
          data: surfaces.map((s) => ({ ticketId: p.ticketId, target: s, topic: p.topic, payload: p.payload, parentId: p.id, createdAt: p.createdAt, nextAttemptAt: p.createdAt })),
        });
      });
    }
  }

  /** Rows for a target nobody configured stay pending, marked with why, and logged once per target. */
  async #sayWhatWaits(): Promise<void> {
    const { db } = this.#o.deps;
    const configured = new Set<string>(this.configuredTargets);
    if (this.#surfaces().length) configured.add("chat");
    const waiting = await db.outbox.groupBy({ by: ["target"], where: { status: "pending", target: { notIn: [...configured] } }, _count: { _all: true } });
    for (const w of waiting) {
      const why = w.target === "chat" ? "waiting: no chat surface (Slack or Discord) is configured" : `waiting: no ${w.target} delivery is configured`;
      await db.outbox.updateMany({ where: { status: "pending", target: w.target, lastError: null }, data: { lastError: why } });
      if (!this.#waitingSaid.has(w.target)) {
        this.#waitingSaid.add(w.target);
        this.#o.log.warn(`outbox: ${w._count._all} row(s) for ${w.target} wait until it is configured`, { target: w.target });
      }
    }
  }

  async #claimDue(): Promise<OutboxRow[]> {
    const targets = this.configuredTargets;
    if (targets.length === 0) return [];
    const { db } = this.#o.deps;
    const now = this.#o.deps.now();
    const due = await db.outbox.findMany({
      where: { status: "pending", target: { in: targets }, nextAttemptAt: { lte: now }, OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] },
      orderBy: { nextAttemptAt: "asc" },
      take: this.#o.batchSize,
    });
    const claimed: OutboxRow[] = [];
    const until = new Date(now.getTime() + this.#o.leaseMs);
    for (const r of due) {
      const got = await db.outbox.updateMany({
        where: { id: r.id, status: "pending", OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] },
        data: { lockedUntil: until, lockedBy: this.#o.workerId },
      });
      if (got.count === 1) {
        claimed.push({ id: r.id, ticketId: r.ticketId, target: r.target, topic: r.topic, payload: parseJsonObject(r.payload), attempts: r.attempts });
      }
    }
    return claimed;
  }

  async #deliver(row: OutboxRow): Promise<boolean> {
    const target = this.#o.targets[row.target as DeliveryTargetName];
    const { db } = this.#o.deps;
    const log = this.#o.log.child({ outboxId: row.id, target: row.target, topic: row.topic, ticket: row.ticketId });
    try {
      if (!target) throw new DeliveryError(`no ${row.target} delivery is configured`);
      await target.deliver(row);
      await db.outbox.update({ where: { id: row.id }, data: { status: "done", deliveredAt: this.#o.deps.now(), attempts: row.attempts + 1, lockedUntil: null, lastError: null } });
      return true;
    } catch (e) {
      const err = e instanceof DeliveryError ? e : new DeliveryError(e instanceof Error ? e.message : String(e));
      const attempts = row.attempts + 1;
      if (err.opts.permanent || attempts >= this.#o.maxAttempts) {
        log.error("delivery failed for good", { attempts, error: err.message });
        await this.#giveUp(row, attempts, err.message);
      } else {
        const backoff = Math.min(this.#o.backoffMaxMs, this.#o.backoffBaseMs * 2 ** (attempts - 1));
        const wait = Math.max(err.opts.retryAfterMs ?? 0, backoff * (0.75 + Math.random() * 0.5));
        log.warn("delivery failed; will retry", { attempts, retryInMs: Math.round(wait), error: err.message });
        await db.outbox.update({
          where: { id: row.id },
          data: { attempts, lastError: err.message, lockedUntil: null, nextAttemptAt: new Date(this.#o.deps.now().getTime() + wait) },
        });
      }
      return false;
    }
  }

  /** A row given up on is shown on its ticket's timeline and told to the agent it was for. */
  async #giveUp(row: OutboxRow, attempts: number, error: string): Promise<void> {
    await withTx(this.#o.deps, async (tx) => {
      const at = this.#o.deps.now();
      await tx.outbox.update({ where: { id: row.id }, data: { status: "failed", attempts, lastError: error, lockedUntil: null } });
      if (row.ticketId === null) return;
      const messageId = typeof row.payload.messageId === "string" ? row.payload.messageId : undefined;
      await recordEvent(tx, at, row.ticketId, { type: "system" }, "delivery.failed", { outboxId: row.id, target: row.target, topic: row.topic, messageId, error });
      // Telling agents goes through chat; a failed notification is not itself announced (no loops).
      if (row.topic === "agents.notify") return;
      const message = messageId ? await tx.message.findUnique({ where: { id: messageId } }) : null;
      const ticket = await tx.ticket.findUnique({ where: { id: row.ticketId } });
      const who = message?.authorAgentId ?? ticket?.ownerId;
      await enqueue(tx, at, ...notifyAgents(row.ticketId, who ? [who] : [], "delivery_failed", messageId));
    });
  }
}
