// The secret an API token is presented with, and what is kept of it.
import { randomBytes } from "node:crypto";
import { lookupHash } from "../keys/lookup-hash.js";

/** Marks a help desk API secret, so secret scanners and people can tell what leaked. */
const secretPrefix = "hdk_";
/** Characters of the secret kept in the clear, to tell tokens apart in a list. */
export const shownPrefixLength = 12;

/** A new secret: 32 random bytes (256 bits), so the hash alone can be the lookup key. */
export function newTokenSecret(): string {
  return `${secretPrefix}${randomBytes(32).toString("base64url")}`;
}

/** The stored form of a secret: SHA-256 hex. A fast hash suffices for 256 random bits. */
export function tokenHash(secret: string): string {
  return lookupHash(secret);
}
