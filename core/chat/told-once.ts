// Notices a chat adapter gives someone once in a while, not at every message ("your message was
// not kept"): whether one was given is an expiring key (core/keys/remember-key.ts), so every
// replica agrees and the notice is given again only once its window has passed.
import type { CoreDeps } from "../deps.js";
import { rememberKey } from "../keys/remember-key.js";

/**
 * True when the notice `key` (who was told what, where) has not been given within `keepMs`, and
 * records it as given now; false while it was given already, however many replicas ask at once.
 */
export function firstNoticeWithin(deps: Pick<CoreDeps, "db" | "now">, key: string, keepMs: number): Promise<boolean> {
  return rememberKey(deps.db, "notice", key, keepMs, deps.now());
}
