import { createHmac } from "node:crypto";

export { constantTimeEqual } from "../../core/index.js";

export function hmacSha256(key: string, data: Uint8Array | string, encoding: "hex" | "base64"): string {
  return createHmac("sha256", key).update(data).digest(encoding);
}
