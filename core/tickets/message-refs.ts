// A message's ids on other systems (an email Message-ID, a form submission key), written and read
// for the adapters that need them outside a use case: the SMTP sender records the Message-ID it
// sends with, the forms adapter its body key, and both look earlier ones up.
import type { Queryable } from "../db.js";
import type { CoreDeps } from "../deps.js";
import { lookupHash, messageRefKey } from "../keys/lookup-hash.js";
import { newId } from "../ids.js";

/**
 * Records `externalId` as the message's id on `system`. An id stored already (an earlier attempt
 * at the same send, or a racing request with the same key) answers `{ duplicate: true }`.
 */
export async function recordMessageRef(
  deps: Pick<CoreDeps, "db">,
  messageId: string,
  system: string,
  externalId: string,
): Promise<{ duplicate: boolean }> {
  const inserted = await deps.db
    .insertInto("MessageRef")
    .values({ id: newId(), messageId, ...messageRefKey(system, externalId) })
    .onConflict((oc) => oc.columns(["system", "externalIdHash"]).doNothing())
    .returning("id")
    .executeTakeFirst();
  return { duplicate: inserted === undefined };
}

/** The message stored under an id on another system (the dedupe key of intake and chat notes), with its ticket; null if none. */
export async function messageOfRef(
  q: Queryable,
  system: string,
  externalId: string,
): Promise<{ messageId: string; ticketId: number } | null> {
  const row = await q
    .selectFrom("MessageRef as r")
    .innerJoin("Message as m", "m.id", "r.messageId")
    .select(["r.messageId", "m.ticketId"])
    .where("r.system", "=", system)
    .where("r.externalIdHash", "=", lookupHash(externalId))
    .executeTakeFirst();
  return row ?? null;
}

export interface StoredRef {
  externalId: string;
  messageId: string;
  ticketId: number;
  /** When the message carrying it was stored. */
  createdAt: Date;
}

/** Which of these ids on `system` are stored, with their messages. */
export async function storedRefs(deps: Pick<CoreDeps, "db">, system: string, externalIds: readonly string[]): Promise<StoredRef[]> {
  if (externalIds.length === 0) return [];
  return deps.db
    .selectFrom("MessageRef as r")
    .innerJoin("Message as m", "m.id", "r.messageId")
    .select(["r.externalId", "r.messageId", "m.ticketId", "m.createdAt"])
    .where("r.system", "=", system)
    .where("r.externalIdHash", "in", externalIds.map(lookupHash))
    .execute();
}
