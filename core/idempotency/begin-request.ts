import type { CoreDeps } from "../deps.js";

export interface BeginRequestInput {
  /** The API token the request came with: keys are per token, so callers cannot collide. */
  tokenId: string;
  /** The client's `Idempotency-Key`. */
  key: string;
  /** A hash of what was asked (method, path, body): the same key must come with the same request. */
  requestHash: string;
  /** How long the key is remembered (default 24 hours). */
  ttlMs?: number | undefined;
  /** A first request still unanswered after this long (default 5 minutes) is taken as crashed. */
  staleAfterMs?: number | undefined;
}

/** A key claimed for one run of a request: `startedAt` tells this run from a later one that took the key over. */
export interface IdempotencyClaim {
  tokenId: string;
  key: string;
  startedAt: Date;
}

/**
 * `new`: go ahead, with `idempotencyCommitHook(claim, ...)` in the use case's deps, then
 * `finishRequest` (or `abandonRequest`); `replay`: answer this stored response again; `mismatch`:
 * the key came before with another request; `running`: the first request with the key is still
 * being served, and a retry from `staleAt` on may take the key over if it has not answered.
 */
export type BeginRequestResult =
  | { state: "new"; claim: IdempotencyClaim }
  | { state: "replay"; status: number; body: string }
  | { state: "mismatch" }
  | { state: "running"; staleAt: Date };

const defaultTtlMs = 24 * 3_600_000;
const defaultStaleAfterMs = 5 * 60_000;

/**
 * Claims an idempotency key for a request, or says what became of the request that claimed it.
 * The primary key (token, key) decides between requests racing on replicas: one insert wins.
 */
export async function beginRequest(deps: Pick<CoreDeps, "db" | "now">, input: BeginRequestInput): Promise<BeginRequestResult> {
  const now = deps.now();
  const expiresAt = new Date(now.getTime() + (input.ttlMs ?? defaultTtlMs));
  const staleAfterMs = input.staleAfterMs ?? defaultStaleAfterMs;
  const staleBefore = new Date(now.getTime() - staleAfterMs);
  const where = { tokenId: input.tokenId, key: input.key };
  for (let attempt = 0; attempt < 3; attempt++) {
    // An expired record counts as absent.
    await deps.db
      .deleteFrom("IdempotencyRecord")
      .where("tokenId", "=", where.tokenId)
      .where("key", "=", where.key)
      .where("expiresAt", "<=", now)
      .execute();
    const inserted = await deps.db
      .insertInto("IdempotencyRecord")
      .values({ ...where, requestHash: input.requestHash, status: null, body: null, startedAt: now, expiresAt })
      .onConflict((oc) => oc.columns(["tokenId", "key"]).doNothing())
      .returning("key")
      .executeTakeFirst();
    if (inserted) return { state: "new", claim: { ...where, startedAt: now } };
    const row = await deps.db
      .selectFrom("IdempotencyRecord")
      .select(["requestHash", "status", "body", "startedAt"])
      .where("tokenId", "=", where.tokenId)
      .where("key", "=", where.key)
      .executeTakeFirst();
    if (!row) continue;
    if (row.requestHash !== input.requestHash) return { state: "mismatch" };
    if (row.status !== null) return { state: "replay", status: Number(row.status), body: row.body ?? "" };
    if (row.startedAt > staleBefore) return { state: "running", staleAt: new Date(row.startedAt.getTime() + staleAfterMs) };
    // The first request never answered and never committed (a request that committed stored its
    // answer in that transaction: see commit-hook.ts), so its process died or it still runs: this
    // one takes the key over, if no other retry took it first. A first run still going cannot
    // commit afterwards: its answer is stamped only where the claim is still its own.
    const taken = await deps.db
      .updateTable("IdempotencyRecord")
      .set({ startedAt: now, expiresAt })
      .where("tokenId", "=", where.tokenId)
      .where("key", "=", where.key)
      .where("status", "is", null)
      .where("startedAt", "=", row.startedAt)
      .executeTakeFirst();
    // Lost to another retry that took the key over just now.
    return Number(taken.numUpdatedRows) === 1
      ? { state: "new", claim: { ...where, startedAt: now } }
      : { state: "running", staleAt: new Date(now.getTime() + staleAfterMs) };
  }
  throw new Error("idempotency record kept changing under three attempts to claim it");
}
