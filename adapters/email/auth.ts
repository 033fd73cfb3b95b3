import { createHmac, timingSafeEqual } from "node:crypto";

/** Constant-time comparison of two strings (different lengths are simply unequal). */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function hmacSha256(key: string, data: Uint8Array | string, encoding: "hex" | "base64"): string {
  return createHmac("sha256", key).update(data).digest(encoding);
}

/** Checks `Authorization: Basic …` against the expected "user:password". */
export function basicAuthMatches(authorization: string | undefined, expected: string): boolean {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization ?? "");
  if (!m) return false;
  return safeEqual(Buffer.from(m[1] ?? "", "base64").toString("utf8"), expected);
}
