import { createHmac } from "node:crypto";
import { constantTimeEqual } from "../../core/index.js";

export { constantTimeEqual };

export function hmacSha256(key: string, data: Uint8Array | string, encoding: "hex" | "base64"): string {
  return createHmac("sha256", key).update(data).digest(encoding);
}

/** Checks `Authorization: Basic …` against the expected "user:password". */
export function basicAuthMatches(authorization: string | undefined, expected: string): boolean {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization ?? "");
  if (!m) return false;
  return constantTimeEqual(Buffer.from(m[1] ?? "", "base64").toString("utf8"), expected);
}
