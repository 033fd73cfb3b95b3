// The signature every webhook carries: `X-Helpdesk-Signature: t=<unix seconds>,v1=<hex>`, where
// the hex is HMAC-SHA256 under the endpoint's secret of "<t>.<body>" (the exact bytes sent). The
// time inside what is signed lets a receiver refuse a replay of an old delivery.
import { createHmac, timingSafeEqual } from "node:crypto";

export const signatureHeader = "X-Helpdesk-Signature";

/** The header's value for `body` sent at `unixSeconds`. */
export function signWebhook(secret: string, unixSeconds: number, body: string): string {
  return `t=${unixSeconds},v1=${hmacHex(secret, unixSeconds, body)}`;
}

const hmacHex = (secret: string, t: number, body: string) => createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");

export type SignatureCheck = { ok: true; timestamp: number } | { ok: false; error: "malformed" | "mismatch" | "too_old" };

/**
 * Checks a signature header the way a receiver should: the HMAC over the raw body as received,
 * compared in constant time, and a timestamp within `toleranceSec` of `nowMs`. Several `v1=` parts
 * are accepted (any one matching), so a receiver can rotate secrets by trying each.
 */
export function verifyWebhookSignature(
  secret: string,
  header: string | null | undefined,
  body: string,
  opts: { nowMs: number; toleranceSec?: number },
): SignatureCheck {
  const parts = (header ?? "").split(",").map((p) => p.trim().split("="));
  const t = Number(parts.find(([k]) => k === "t")?.[1]);
  const sigs = parts.filter(([k, v]) => k === "v1" && v && /^[0-9a-f]{64}$/.test(v)).map(([, v]) => Buffer.from(v!, "hex"));
  if (!Number.isInteger(t) || !sigs.length) return { ok: false, error: "malformed" };
  const expected = Buffer.from(hmacHex(secret, t, body), "hex");
  if (!sigs.some((s) => timingSafeEqual(s, expected))) return { ok: false, error: "mismatch" };
  if (Math.abs(opts.nowMs / 1000 - t) > (opts.toleranceSec ?? 300)) return { ok: false, error: "too_old" };
  return { ok: true, timestamp: t };
}
