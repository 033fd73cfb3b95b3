// Which earlier submission, if any, a new one repeats. Everything is read from the database (the
// MessageRef keys and their messages' createdAt), so restarts and several processes agree.
import { createHash } from "node:crypto";
import { recordMessageRef, storedRefs, type CoreDeps } from "../../core/index.js";

export interface SubmissionKeys {
  /** `<form>:<event id>`: the provider's event id or the sender's Idempotency-Key; never expires. */
  event: string | undefined;
  /** `<form>:sha256:<body hash>:<bucket>` for the bucket `now` is in, and the one before. */
  current: string;
  previous: string;
  windowMs: number;
}

/**
 * Body keys carry a bucket as wide as the window only so that a lookup is two exact keys (an
 * index hit); whether a body repeats is decided by the first-seen time of its earlier submission.
 */
export function submissionKeys(
  formId: string,
  body: Uint8Array,
  eventId: string | undefined,
  now: Date,
  windowSeconds: number,
): SubmissionKeys {
  const hash = createHash("sha256").update(body).digest("hex");
  const windowMs = windowSeconds * 1000;
  const bucket = Math.floor(now.getTime() / windowMs);
  return {
    event: eventId ? `${formId}:${eventId}` : undefined,
    current: `${formId}:sha256:${hash}:${bucket}`,
    previous: `${formId}:sha256:${hash}:${bucket - 1}`,
    windowMs,
  };
}

/**
 * The stored key of the submission this one repeats: the same event id, whenever it was; or the
 * same body first seen less than the window ago. Undefined for a new submission.
 */
export async function earlierSubmission(deps: Pick<CoreDeps, "db">, keys: SubmissionKeys, now: Date): Promise<string | undefined> {
  const candidates = [...(keys.event ? [keys.event] : []), keys.current, keys.previous];
  const rows = await storedRefs(deps, "form", candidates);
  const seen = (key: string) => rows.find((r) => r.externalId === key);
  if (keys.event && seen(keys.event)) return keys.event;
  // A key of the current bucket was first seen after the bucket began, so less than a window ago.
  if (seen(keys.current)) return keys.current;
  // One of the previous bucket counts only while its first sighting is under a window old: the
  // window runs from when the body was first seen, not from the bucket's edges.
  const before = seen(keys.previous);
  if (before && now.getTime() - before.createdAt.getTime() < keys.windowMs) return keys.previous;
  return undefined;
}

/**
 * A new submission stored under its event id also gets its body key, so the same body sent again
 * with another id (or none) within the window is the same submission. Written after the ticket's
 * transaction (the core stores one key per message): a crash in between only loses the body match.
 */
export async function rememberBody(deps: Pick<CoreDeps, "db">, messageId: string, keys: SubmissionKeys): Promise<void> {
  // A duplicate: the same body arrived at the same moment under another id and was stored first.
  await recordMessageRef(deps, messageId, "form", keys.current);
}
