import { createHash, timingSafeEqual } from "node:crypto";

const digest = (v: string | Uint8Array) => createHash("sha256").update(v).digest();

/**
 * Whether two secrets (signatures, passwords) are equal, in time that depends on neither value
 * nor length: both sides are hashed to 32 bytes first, so timingSafeEqual always runs and never
 * returns early on a length mismatch (which would tell a caller how long the secret is).
 */
export function constantTimeEqual(a: string | Uint8Array, b: string | Uint8Array): boolean {
  return timingSafeEqual(digest(a), digest(b));
}
