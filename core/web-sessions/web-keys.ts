// Dashboard sign-in links and sessions are bearer secrets: the database keeps only their SHA-256
// (in ExpiringKey, so every replica sees them and the one sweep clears the expired), never the
// secret itself, so a copy of the database signs no one in.
import { randomBytes } from "node:crypto";
import { lookupHash } from "../keys/lookup-hash.js";

/** How long a sign-in link from chat stays usable. */
export const signInLinkTtlMs = 10 * 60 * 1000;
/** How long a dashboard session lasts from sign-in. */
export const webSessionTtlMs = 12 * 60 * 60 * 1000;

/** A new secret: 32 random bytes, base64url (43 characters). */
export function newWebSecret(): string {
  return randomBytes(32).toString("base64url");
}

/** What a secret from outside must look like before the database is asked about it. */
export function isWebSecret(value: unknown): value is string {
  return typeof value === "string" && /^[A-Za-z0-9_-]{43}$/.test(value);
}

/** The stored key of a secret. */
export const webSecretKey = (secret: string): string => lookupHash(secret);
