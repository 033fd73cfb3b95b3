import { createHmac, timingSafeEqual } from "node:crypto";

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function hmacSha256(key: string, data: Uint8Array | string, encoding: "hex" | "base64"): string {
  return createHmac("sha256", key).update(data).digest(encoding);
}
