// A short lock on something a chat platform only lets us replace whole (a Discord forum's tag
// list, say), so two replicas changing it at once do not drop each other's change. It is a lease
// (core/leases/take-lease.ts): held by one worker until released, or until it expires when that
// worker died holding it.
import type { CoreDeps } from "../deps.js";
import { releaseLease, takeLease } from "../leases/take-lease.js";

/** Takes the lock `name` for `holder` for at most `ttlMs`: true when it is `holder`'s now, false while another holder has it. */
export function lockChatResource(deps: Pick<CoreDeps, "db" | "now">, name: string, holder: string, ttlMs: number): Promise<boolean> {
  return takeLease(deps.db, name, holder, ttlMs, deps.now());
}

/** Gives the lock up, if `holder` still has it. */
export function unlockChatResource(deps: Pick<CoreDeps, "db">, name: string, holder: string): Promise<void> {
  return releaseLease(deps.db, name, holder);
}
