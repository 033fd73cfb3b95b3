// The signature scheme, with a fixed clock: what a receiver following the README would check.
import { createHmac } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { signWebhook, verifyWebhookSignature } from "./signature.js";

const secret = "whsec-0123456789abcdef";
const body = '{"id":"evt_1","type":"ticket.created"}';
const t = 1_767_600_000;
const nowMs = t * 1000;

describe("webhook signatures", () => {
  it("is HMAC-SHA256 of '<t>.<body>' in hex, after t=", () => {
    const expected = createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
    expect(signWebhook(secret, t, body)).toBe(`t=${t},v1=${expected}`);
  });

  it("verifies the body as sent, and nothing else", () => {
    const header = signWebhook(secret, t, body);
    expect(verifyWebhookSignature(secret, header, body, { nowMs })).toEqual({ ok: true, timestamp: t });
    expect(verifyWebhookSignature(secret, header, body.replace("evt_1", "evt_2"), { nowMs })).toEqual({ ok: false, error: "mismatch" });
    expect(verifyWebhookSignature("another-secret-entirely", header, body, { nowMs })).toEqual({ ok: false, error: "mismatch" });
    // The timestamp is signed too: moving it breaks the signature.
    expect(verifyWebhookSignature(secret, header.replace(`t=${t}`, `t=${t + 1}`), body, { nowMs })).toEqual({
      ok: false,
      error: "mismatch",
    });
    expect(verifyWebhookSignature(secret, undefined, body, { nowMs })).toEqual({ ok: false, error: "malformed" });
    expect(verifyWebhookSignature(secret, `t=${t}`, body, { nowMs })).toEqual({ ok: false, error: "malformed" });
    expect(verifyWebhookSignature(secret, "v1=abc", body, { nowMs })).toEqual({ ok: false, error: "malformed" });
  });

  it("refuses a signature older (or newer) than the tolerance, and takes any of several v1 parts", () => {
    const header = signWebhook(secret, t, body);
    expect(verifyWebhookSignature(secret, header, body, { nowMs: nowMs + 301_000 })).toEqual({ ok: false, error: "too_old" });
    expect(verifyWebhookSignature(secret, header, body, { nowMs: nowMs - 301_000 })).toEqual({ ok: false, error: "too_old" });
    expect(verifyWebhookSignature(secret, header, body, { nowMs: nowMs + 900_000, toleranceSec: 1_000 }).ok).toBe(true);
    const rotated = `${header},v1=${"0".repeat(64)}`;
    expect(verifyWebhookSignature(secret, rotated, body, { nowMs }).ok).toBe(true);
  });

  it("is what the README's Node example checks", async () => {
    // The example's function, as a receiver would copy it (up to its server).
    const readme = readFileSync(join(import.meta.dirname, "../../README.md"), "utf8");
    const from = readme.indexOf("```js", readme.indexOf("Verifying in Node"));
    const example = readme.slice(from + 5, readme.indexOf("createServer((req", from));
    const file = join(mkdtempSync(join(tmpdir(), "helpdesk-readme-")), "verify.mjs");
    writeFileSync(file, `${example}\nexport { verifyHelpdeskSignature };\n`);
    const { verifyHelpdeskSignature } = (await import(pathToFileURL(file).href)) as {
      verifyHelpdeskSignature: (secret: string, header: string | undefined, body: string) => boolean;
    };
    const now = Math.floor(Date.now() / 1000);
    expect(verifyHelpdeskSignature(secret, signWebhook(secret, now, body), body)).toBe(true);
    expect(verifyHelpdeskSignature(secret, signWebhook(secret, now, body), `${body} `)).toBe(false);
    expect(verifyHelpdeskSignature(secret, signWebhook(secret, now - 600, body), body)).toBe(false);
    expect(verifyHelpdeskSignature(secret, undefined, body)).toBe(false);
  });
});
