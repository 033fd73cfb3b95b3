import type { Queryable } from "../db.js";
import type { CoreDeps } from "../deps.js";

/** Records the response a claimed key's request got, replayed to every retry with the key. */
export async function finishRequest(
  deps: Pick<CoreDeps, "db">,
  input: { tokenId: string; key: string; status: number; body: string },
): Promise<void> {
  await deps.db
    .updateTable("IdempotencyRecord")
    .set({ status: input.status, body: input.body })
    .where("tokenId", "=", input.tokenId)
    .where("key", "=", input.key)
    .execute();
}

/**
 * Gives a claimed key back when its request failed in a way a retry may not (a server error):
 * the retry then runs afresh instead of being answered the failure.
 */
export async function abandonRequest(deps: Pick<CoreDeps, "db">, input: { tokenId: string; key: string }): Promise<void> {
  await deps.db
    .deleteFrom("IdempotencyRecord")
    .where("tokenId", "=", input.tokenId)
    .where("key", "=", input.key)
    .where("status", "is", null)
    .execute();
}

/** Deletes up to `limit` expired records, by the index on expiry; run with the expired-key sweep. */
export async function purgeIdempotencyRecords(db: Queryable, now: Date, limit = 500): Promise<number> {
  const res = await db
    .deleteFrom("IdempotencyRecord")
    .where((eb) =>
      eb(
        eb.refTuple("tokenId", "key"),
        "in",
        eb
          .selectFrom("IdempotencyRecord")
          .select(["tokenId", "key"])
          .where("expiresAt", "<=", now)
          .orderBy("expiresAt")
          .limit(limit)
          .$asTuple("tokenId", "key"),
      ),
    )
    .where("expiresAt", "<=", now)
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}
