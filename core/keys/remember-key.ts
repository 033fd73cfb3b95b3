// Remembered keys: "has this been seen within its window?" answered by the database, so replicas
// and restarts agree. Each key lives in a namespace (what it is for), so two uses never collide and
// one sweep (purgeExpiredKeys, by the index on expiry) clears every use's expired keys.
import { createHash } from "node:crypto";
import type { Queryable } from "../db.js";

/** What a key is for: one namespace per use, so keys of different uses never collide. */
export const keyNamespaces = [
  /** A chat platform's event id: the right to handle it once (core/chat/chat-events.ts). */
  "chat-event",
  /** A signed chat request (Slack's signature): its replay window. */
  "signed-request",
  /** An intake request's token or idempotency key, with what its first delivery carried. */
  "intake-request",
  /** A chat user's platform group as the platform last said (core/agents/group-membership.ts). */
  "group-member",
  /** A notice given to someone once in a while (core/chat/told-once.ts). */
  "notice",
  /** A one-time dashboard sign-in link (its token's hash), until it is used or expires (core/web-sessions). */
  "sign-in-link",
  /** A dashboard session (its id's hash) and the agent it signs in (core/web-sessions). */
  "web-session",
  /** A chat message posted for an outbox row (core/outbox/remember-row-post.ts), so a redelivered row is not posted twice. */
  "row-post",
  /** A customer's request from a chat form, held for a while so a second one points at the first (core/tickets/hold-chat-request.ts). */
  "chat-request",
  /** Keys of the tests' own. */
  "test",
] as const;
export type KeyNamespace = (typeof keyNamespaces)[number];

/** Keys longer than this are stored as their SHA-256, so any caller-supplied value fits the index. */
const maxStoredKeyLength = 200;

function storedKey(key: string): string {
  return key.length <= maxStoredKeyLength ? key : `sha256:${createHash("sha256").update(key).digest("hex")}`;
}

/** The first sighting of a key within its window, or a later one with what the first recorded and when that expires. */
export type KeySighting = { first: true } | { first: false; value: string; expiresAt: Date };

/**
 * Records `key` (with `value`) in `namespace` until `now + ttlMs`. Derive `ttlMs` from an absolute
 * time where replicas' clocks matter (a signed timestamp plus its window), so every replica agrees
 * on expiry. The first call within that window answers `{ first: true }`; every later one, until
 * it expires, answers `{ first: false }` with the value the first recorded, however many processes
 * ask at once (the primary key decides).
 */
export async function sightKey(
  db: Queryable,
  namespace: KeyNamespace,
  key: string,
  ttlMs: number,
  now: Date,
  value = "",
): Promise<KeySighting> {
  const id = storedKey(key);
  for (let attempt = 0; ; attempt++) {
    // An expired row counts as absent: clear it, then let the insert decide who saw the key first.
    await db.deleteFrom("ExpiringKey").where("namespace", "=", namespace).where("key", "=", id).where("expiresAt", "<=", now).execute();
    // ON CONFLICT DO NOTHING rather than a caught unique violation: on PostgreSQL a failed
    // statement would abort the caller's transaction.
    const inserted = await db
      .insertInto("ExpiringKey")
      .values({ namespace, key: id, value, expiresAt: new Date(now.getTime() + ttlMs) })
      .onConflict((oc) => oc.columns(["namespace", "key"]).doNothing())
      .returning("key")
      .executeTakeFirst();
    if (inserted) return { first: true };
    const row = await peekKey(db, namespace, key);
    if (row && row.expiresAt > now) return { first: false, value: row.value, expiresAt: row.expiresAt };
    // Gone (or expired) between the insert and the read: try again. Giving up is an error, not a
    // "seen before": a caller would refuse or drop a request that nobody sent before.
    if (attempt >= 2) throw new Error(`expiring key kept changing under three attempts to record it`);
  }
}

/** True the first time `key` is seen within `ttlMs`, false for every later sighting until then. */
export async function rememberKey(db: Queryable, namespace: KeyNamespace, key: string, ttlMs: number, now: Date): Promise<boolean> {
  return (await sightKey(db, namespace, key, ttlMs, now)).first;
}

/**
 * What is recorded under `key`, expired or not (until the sweep takes it), or null: for a caller
 * that keeps a last answer and still uses it, marked stale, when it cannot get a fresh one.
 */
export async function peekKey(db: Queryable, namespace: KeyNamespace, key: string): Promise<{ value: string; expiresAt: Date } | null> {
  const row = await db
    .selectFrom("ExpiringKey")
    .select(["value", "expiresAt"])
    .where("namespace", "=", namespace)
    .where("key", "=", storedKey(key))
    .executeTakeFirst();
  return row ?? null;
}

/** Forgets `key` now; with `value`, only if that is what it recorded (a holder gives back its own). */
export async function forgetKey(db: Queryable, namespace: KeyNamespace, key: string, value?: string): Promise<void> {
  let q = db.deleteFrom("ExpiringKey").where("namespace", "=", namespace).where("key", "=", storedKey(key));
  if (value !== undefined) q = q.where("value", "=", value);
  await q.execute();
}

/**
 * Replaces what `key` records while it records `from`, expired or not (until a sweep or a new
 * sighting takes it), and sets its expiry to `expiresAt`: for a holder renewing its own key, whose
 * expiry must follow the new value rather than the first one. True when replaced.
 */
export async function renewKeyValue(
  db: Queryable,
  namespace: KeyNamespace,
  key: string,
  from: string,
  to: string,
  expiresAt: Date,
): Promise<boolean> {
  const res = await db
    .updateTable("ExpiringKey")
    .set({ value: to, expiresAt })
    .where("namespace", "=", namespace)
    .where("key", "=", storedKey(key))
    .where("value", "=", from)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/** Keys deleted per statement: a short lock, whatever the backlog. */
export const purgeBatch = 500;

/**
 * The one sweep: deletes up to `limit` expired keys of every namespace, oldest first, by the index
 * on expiry; answers how many went. Run now and then, never required for correctness.
 */
export async function purgeExpiredKeys(db: Queryable, now: Date, limit = purgeBatch): Promise<number> {
  const res = await db
    .deleteFrom("ExpiringKey")
    .where((eb) =>
      eb(
        eb.refTuple("namespace", "key"),
        "in",
        eb
          .selectFrom("ExpiringKey")
          .select(["namespace", "key"])
          .where("expiresAt", "<=", now)
          .orderBy("expiresAt")
          .limit(limit)
          .$asTuple("namespace", "key"),
      ),
    )
    .where("expiresAt", "<=", now)
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}
