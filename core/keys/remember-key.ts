// Remembered keys: "has this been seen within its window?" answered by the database, so replicas
// and restarts agree. Used for replay windows of signed requests and other short dedupe windows.
import { createHash } from "node:crypto";
import type { Queryable } from "../db.js";

/** Keys longer than this are stored as their SHA-256, so any caller-supplied value fits the index. */
const maxStoredKeyLength = 200;

function storedKey(key: string): string {
  return key.length <= maxStoredKeyLength ? key : `sha256:${createHash("sha256").update(key).digest("hex")}`;
}

/** The first sighting of a key within its window, or a later one with what the first recorded. */
export type KeySighting = { first: true } | { first: false; value: string };

/**
 * Records `key` (with `value`) until `now + ttlMs`. Derive `ttlMs` from an absolute time where
 * replicas' clocks matter (a signed timestamp plus its window), so every replica agrees on expiry. The first call within that window answers
 * `{ first: true }`; every later one, until it expires, answers `{ first: false }` with the value
 * the first recorded, however many processes ask at once (the primary key decides).
 */
export async function sightKey(db: Queryable, key: string, ttlMs: number, now: Date, value = ""): Promise<KeySighting> {
  const id = storedKey(key);
  for (let attempt = 0; ; attempt++) {
    // An expired row counts as absent: clear it, then let the insert decide who saw the key first.
    await db.deleteFrom("ExpiringKey").where("key", "=", id).where("expiresAt", "<=", now).execute();
    // ON CONFLICT DO NOTHING rather than a caught unique violation: on PostgreSQL a failed
    // statement would abort the caller's transaction.
    const inserted = await db
      .insertInto("ExpiringKey")
      .values({ key: id, value, expiresAt: new Date(now.getTime() + ttlMs) })
      .onConflict((oc) => oc.column("key").doNothing())
      .returning("key")
      .executeTakeFirst();
    if (inserted) return { first: true };
    const row = await db.selectFrom("ExpiringKey").select(["value", "expiresAt"]).where("key", "=", id).executeTakeFirst();
    if (row && row.expiresAt > now) return { first: false, value: row.value };
    // Gone (or expired) between the insert and the read: try again. Giving up is an error, not a
    // "seen before": a caller would refuse or drop a request that nobody sent before.
    if (attempt >= 2) throw new Error(`expiring key kept changing under three attempts to record it`);
  }
}

/** True the first time `key` is seen within `ttlMs`, false for every later sighting until then. */
export async function rememberKey(db: Queryable, key: string, ttlMs: number, now: Date): Promise<boolean> {
  return (await sightKey(db, key, ttlMs, now)).first;
}

/** Keys deleted per statement: under the SQLite driver's 999-parameter limit, and a short lock. */
export const purgeBatch = 500;

/** Deletes up to `limit` expired keys; answers how many went. Run now and then, never required. */
export async function purgeExpiredKeys(db: Queryable, now: Date, limit = purgeBatch): Promise<number> {
  const rows = await db.selectFrom("ExpiringKey").select("key").where("expiresAt", "<=", now).limit(limit).execute();
  if (rows.length === 0) return 0;
  const res = await db
    .deleteFrom("ExpiringKey")
    .where(
      "key",
      "in",
      rows.map((r) => r.key),
    )
    .where("expiresAt", "<=", now)
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}
