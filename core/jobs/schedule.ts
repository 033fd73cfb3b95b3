// Jobs: work the core does itself at a time (an SLA timer, later a delayed workflow step), kept in
// the outbox table beside the deliveries (target "job") so one worker, one claim and one wake
// serve both. A job's key names what it is for; scheduling the same key again moves the one job.
import type { Tx } from "../db.js";
import { newId } from "../ids.js";
import { noteWork } from "./work-signal.js";

/** The outbox target of jobs the core runs itself. */
export const jobTarget = "job";

export interface JobSpec {
  /** What the job is for, unique: "sla:42:first_response". */
  key: string;
  /** Which handler runs it (run-jobs.ts JobHandlers). */
  topic: string;
  dueAt: Date;
  ticketId?: number | null;
  payload?: Record<string, unknown>;
}

/**
 * Schedules the job in the caller's transaction, or moves it if its key is already there: new due
 * time and payload, attempts back to zero, and any claim dropped, so a worker still holding the
 * old schedule finds its claim gone and does nothing (run-jobs.ts).
 */
export async function scheduleJob(tx: Tx, at: Date, job: JobSpec): Promise<void> {
  noteWork(tx);
  const payload = JSON.stringify(job.payload ?? {});
  const ticketId = job.ticketId ?? null;
  await tx
    .insertInto("Outbox")
    .values({
      id: newId(),
      key: job.key,
      target: jobTarget,
      topic: job.topic,
      payload,
      ticketId,
      createdAt: at,
      nextAttemptAt: job.dueAt,
    })
    .onConflict((oc) =>
      oc.column("key").doUpdateSet({
        target: jobTarget,
        topic: job.topic,
        payload,
        ticketId,
        status: "pending",
        attempts: 0,
        nextAttemptAt: job.dueAt,
        lockedBy: null,
        lockedUntil: null,
        lastError: null,
        deliveredAt: null,
      }),
    )
    .execute();
}

/** Drops the job if it has not run (a worker holding it finds its claim gone). */
export async function cancelJob(tx: Tx, key: string): Promise<void> {
  await tx.deleteFrom("Outbox").where("key", "=", key).where("status", "=", "pending").execute();
}
