// The outbox rows a dispatcher pass looks at before delivering: a "chat" row becomes one row per
// configured chat surface, and rows for a target this process has not configured are marked with
// why they wait.
import { withTx, type CoreDeps } from "../deps.js";
import { newId } from "../ids.js";

/**
 * Fans pending "chat" rows (up to `batchSize`, oldest first) out to one row per surface, each
 * keeping its parent's creation time so it takes its parent's place in its ticket's order.
 */
export async function fanOutChat(deps: CoreDeps, surfaces: readonly string[], batchSize: number): Promise<void> {
  if (surfaces.length === 0) return;
  const parents = await deps.db
    .selectFrom("Outbox")
    .select(["id", "ticketId", "topic", "payload", "createdAt"])
    .where("target", "=", "chat")
    .where("status", "=", "pending")
    .orderBy("createdAt")
    .limit(batchSize)
    .execute();
  for (const p of parents) {
    await withTx(deps, async (tx) => {
      // The conditional update makes the fan-out happen once even with several replicas.
      const mine = await tx
        .updateTable("Outbox")
        .set({ status: "done", deliveredAt: deps.now() })
        .where("id", "=", p.id)
        .where("status", "=", "pending")
        .executeTakeFirst();
      if (Number(mine.numUpdatedRows) === 0) return;
      await tx
        .insertInto("Outbox")
        .values(
          surfaces.map((s) => ({
            id: newId(),
            ticketId: p.ticketId,
            target: s,
            topic: p.topic,
            payload: p.payload,
            parentId: p.id,
            createdAt: p.createdAt,
            nextAttemptAt: p.createdAt,
          })),
        )
        .execute();
    });
  }
}

/**
 * Marks pending rows for a target not in `configured` with why they wait (once: a row already
 * marked keeps its note). Returns how many rows wait, per target.
 */
export async function markWaitingRows(
  deps: Pick<CoreDeps, "db">,
  configured: ReadonlySet<string>,
): Promise<{ target: string; count: number }[]> {
  const { db } = deps;
  let query = db
    .selectFrom("Outbox")
    .select(["target", (eb) => eb.fn.countAll<number>().as("count")])
    .where("status", "=", "pending");
  // `NOT IN ()` is no SQL on PostgreSQL: with nothing configured, every pending row waits.
  if (configured.size) query = query.where("target", "not in", [...configured]);
  const waiting = await query.groupBy("target").execute();
  for (const w of waiting) {
    const why =
      w.target === "chat" ? "waiting: no chat surface (Slack or Discord) is configured" : `waiting: no ${w.target} delivery is configured`;
    await db
      .updateTable("Outbox")
      .set({ lastError: why })
      .where("status", "=", "pending")
      .where("target", "=", w.target)
      .where("lastError", "is", null)
      .execute();
  }
  return waiting.map((w) => ({ target: w.target, count: Number(w.count) }));
}
