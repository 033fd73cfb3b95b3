import type { CoreDeps } from "../deps.js";
import { sightKey, type KeySighting } from "./remember-key.js";

/**
 * A signed request's key (a provider token, a form's idempotency key) seen within its window: the
 * first sighting, or a later one with what the first recorded. For intake adapters, which hold no
 * database handle (see remember-key.ts for the rule).
 */
export function sightRequestKey(deps: Pick<CoreDeps, "db">, key: string, ttlMs: number, now: Date, value = ""): Promise<KeySighting> {
  return sightKey(deps.db, "intake-request", key, ttlMs, now, value);
}
