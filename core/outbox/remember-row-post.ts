// A chat message posted for an outbox row, remembered under the row's id, for platforms that cannot
// refuse a repeat themselves (Discord takes the row's id as an enforced nonce; Slack has none): a
// row delivered again (its lease ran out while the post was slow, or the process stopped before
// marking it done) looks here first and is not posted twice.
import type { CoreDeps } from "../deps.js";
import { peekKey, sightKey } from "../keys/remember-key.js";

/** Longer than any row's retries (minutes to hours), and than a survey is open. */
const keepMs = 30 * 24 * 60 * 60 * 1000;

/** Where the row's message went (what `rememberRowPost` was given), or null when none is recorded. */
export async function rowPost(deps: Pick<CoreDeps, "db">, surface: string, rowId: string): Promise<string | null> {
  return (await peekKey(deps.db, "row-post", `${surface}:${rowId}`))?.value ?? null;
}

/** Records that the row's message was posted, as `ref` (a channel and message id, say); the first record stands. */
export async function rememberRowPost(deps: Pick<CoreDeps, "db" | "now">, surface: string, rowId: string, ref: string): Promise<void> {
  await sightKey(deps.db, "row-post", `${surface}:${rowId}`, keepMs, deps.now(), ref);
}
