import type { Queryable } from "../db.js";

/**
 * Deletes up to `limit` counters of windows long over, by the index on expiry; answers how many
 * went. Run with the expired-key sweep; never needed for correctness (a past window is never read).
 */
export async function purgeRateCounters(db: Queryable, now: Date, limit = 500): Promise<number> {
  const res = await db
    .deleteFrom("RateCounter")
    .where((eb) =>
      eb(
        eb.refTuple("key", "windowStart"),
        "in",
        eb
          .selectFrom("RateCounter")
          .select(["key", "windowStart"])
          .where("expiresAt", "<=", now)
          .orderBy("expiresAt")
          .limit(limit)
          .$asTuple("key", "windowStart"),
      ),
    )
    .where("expiresAt", "<=", now)
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}
