// The fixed-size key by which a value that senders control (a Message-ID, an email address, a
// company's domain) is looked up. Such values can be any length; a btree index entry on
// PostgreSQL cannot (about 2.7 KB), so a unique index on the value itself would refuse a long
// one and the mail would never be stored. The value is kept whole in its own column; the unique
// index is on this hash beside it, and every lookup goes through it.
import { createHash } from "node:crypto";

/**
 * SHA-256 of the value's UTF-8 bytes, as 64 lower-case hex digits: the same as PostgreSQL's
 * `encode(sha256(convert_to(value, 'UTF8')), 'hex')`, which the migration that introduced the
 * hash columns used to fill them for rows already stored (and `sha256_hex`, which the migration
 * runner gives SQLite, computes with this function).
 */
export function lookupHash(value: string): string {
  return createHash("sha256").update(value, "utf8").digest("hex");
}

/** A MessageRef's key columns for an external id: the id whole, and the hash it is found by. */
export function messageRefKey(system: string, externalId: string): { system: string; externalId: string; externalIdHash: string } {
  return { system, externalId, externalIdHash: lookupHash(externalId) };
}
