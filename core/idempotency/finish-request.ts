import type { Queryable } from "../db.js";
import type { CoreDeps } from "../deps.js";
import type { IdempotencyClaim } from "./begin-request.js";

/**
 * Records the response a claimed key's request got when it committed nothing (a refusal), replayed
 * to every retry with the key. A request that committed its effect stored its answer with it
 * (commit-hook.ts); that answer, and a claim a retry has since taken over, are left alone.
 */
export async function finishRequest(deps: Pick<CoreDeps, "db">, claim: IdempotencyClaim & { status: number; body: string }): Promise<void> {
  await deps.db
    .updateTable("IdempotencyRecord")
    .set({ status: claim.status, body: claim.body })
    .where("tokenId", "=", claim.tokenId)
    .where("key", "=", claim.key)
    .where("startedAt", "=", claim.startedAt)
    .where("status", "is", null)
    .execute();
}

/**
 * Gives a claimed key back when its request failed in a way a retry may not (a server error):
 * the retry then runs afresh instead of being answered the failure. Not a key whose request
 * committed (its answer is stored) nor one a retry has taken over.
 */
export async function abandonRequest(deps: Pick<CoreDeps, "db">, claim: IdempotencyClaim): Promise<void> {
  await deps.db
    .deleteFrom("IdempotencyRecord")
    .where("tokenId", "=", claim.tokenId)
    .where("key", "=", claim.key)
    .where("startedAt", "=", claim.startedAt)
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
