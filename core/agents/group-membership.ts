// Which configured platform group (a Slack user group) a chat user is in, as the platform last
// said: remembered for a short while as an expiring key (core/keys/remember-key.ts), so every
// replica shares one answer, a restart forgets nothing and the platform is not asked on every
// action.
import type { CoreDeps } from "../deps.js";
import { peekKey, sightKey } from "../keys/remember-key.js";

/** What a remembered "in no configured group" answer is stored as. */
const noGroup = "-";

const membershipKey = (surface: string, userId: string) => `${surface}:${userId}`;

/** The last answer about a user: their group (null: none), and whether it is still within its time. */
export interface RememberedMembership {
  group: string | null;
  fresh: boolean;
}

/**
 * The last answer remembered about a user, or null when there is none. An expired answer is
 * still given (not fresh) until it is purged: when the platform cannot be asked, a recent answer
 * is better than none.
 */
export async function rememberedMembership(
  deps: Pick<CoreDeps, "db" | "now">,
  surface: string,
  userId: string,
): Promise<RememberedMembership | null> {
  const row = await peekKey(deps.db, "group-member", membershipKey(surface, userId));
  if (!row) return null;
  return { group: row.value === noGroup ? null : row.value, fresh: row.expiresAt > deps.now() };
}

/**
 * Remembers the platform's answer about a user for `ttlMs`. Two replicas answering at once both
 * succeed; the first answer stands until it expires (they asked the platform at the same moment).
 */
export async function rememberMembership(
  deps: Pick<CoreDeps, "db" | "now">,
  surface: string,
  userId: string,
  group: string | null,
  ttlMs: number,
): Promise<void> {
  await sightKey(deps.db, "group-member", membershipKey(surface, userId), ttlMs, deps.now(), group ?? noGroup);
}
