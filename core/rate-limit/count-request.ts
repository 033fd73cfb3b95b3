import type { CoreDeps } from "../deps.js";

export interface RateLimitInput {
  /** What is counted, e.g. "api:<token id>". */
  key: string;
  /** Requests allowed per window. */
  limit: number;
  /** The window's length in seconds (default 60). */
  windowSec?: number | undefined;
}

export interface RateLimitResult {
  allowed: boolean;
  limit: number;
  /** Requests left in this window (0 once refused). */
  remaining: number;
  /** When the window ends and the count starts again. */
  resetAt: Date;
  /** Whole seconds until then, at least 1: what `Retry-After` says. */
  retryAfterSec: number;
}

/**
 * Counts one request in the current fixed window and answers whether it is within the limit.
 * One statement (an upsert that adds one and returns the new count), so every replica on the
 * database shares the count and two requests at once can never both read the same total. A
 * refused request is counted too: a client hammering past the limit stays refused until the
 * window ends, and no longer.
 */
export async function countRequest(deps: Pick<CoreDeps, "db" | "now">, input: RateLimitInput): Promise<RateLimitResult> {
  const now = deps.now();
  const windowSec = input.windowSec ?? 60;
  const nowSec = now.getTime() / 1000;
  const windowStart = Math.floor(nowSec / windowSec) * windowSec;
  const resetAt = new Date((windowStart + windowSec) * 1000);
  const row = await deps.db
    .insertInto("RateCounter")
    // Kept one window past its end: the sweep takes it after that.
    .values({ key: input.key, windowStart, count: 1, expiresAt: new Date((windowStart + 2 * windowSec) * 1000) })
    .onConflict((oc) => oc.columns(["key", "windowStart"]).doUpdateSet((eb) => ({ count: eb("RateCounter.count", "+", 1) })))
    .returning("count")
    .executeTakeFirstOrThrow();
  const count = Number(row.count);
  return {
    allowed: count <= input.limit,
    limit: input.limit,
    remaining: Math.max(0, input.limit - count),
    resetAt,
    retryAfterSec: Math.max(1, Math.ceil(windowStart + windowSec - nowSec)),
  };
}
