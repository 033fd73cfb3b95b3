// One webhook body built to exhaust memory when parsed: 24 MB of nesting, or 24 MB of empty
// objects side by side. Each is refused before JSON.parse builds it, and the process barely grows.
// This file runs in its own process (vitest forks one per file), so its RSS is its own.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emailTestApp, type EmailTestApp } from "./testing/app.js";
import { basicAuth } from "./testing/mail.js";

const size = 24 * 1024 * 1024;
const bodies = {
  deep: () => Buffer.concat([Buffer.alloc(size / 2, "["), Buffer.alloc(size / 2, "]")]),
  wide: () => Buffer.concat([Buffer.from("["), Buffer.from("{},".repeat(size / 3 - 1)), Buffer.from("{}]")]),
};

let e: EmailTestApp;
beforeAll(async () => {
  e = await emailTestApp({ maxBytes: 32 * 1024 * 1024 });
});
afterAll(() => e.t.close());

describe("Postmark JSON bounds", () => {
  it.each([
    ["deep", "nests deeper than 64 levels"],
    ["wide", "holds more than 500000 values"],
  ] as const)("refuses a 24 MB %s body with 400 and grows RSS by well under 200 MB", async (kind, said) => {
    const body = new Uint8Array(bodies[kind]());
    const before = process.memoryUsage().rss;
    const res = await e.app.request("/postmark", {
      method: "POST",
      body,
      headers: { "content-type": "application/json", authorization: basicAuth() },
    });
    const grown = process.memoryUsage().rss - before;
    expect(grown).toBeLessThan(200 * 1024 * 1024);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: "too_complex", message: expect.stringContaining(said) } });
    expect(await e.t.prisma.message.count()).toBe(0);
  });

  it("still takes an ordinary Postmark payload", async () => {
    const body = JSON.stringify({
      MessageID: "pm-json-1",
      FromFull: { Email: "dana@customer.test", Name: "Dana" },
      ToFull: [{ Email: "support@acme.test" }],
      Subject: "Hi",
      TextBody: "Hello",
      Headers: [{ Name: "Message-ID", Value: "<pm-json-1@customer.test>" }],
    });
    const res = await e.app.request("/postmark", {
      method: "POST",
      body,
      headers: { "content-type": "application/json", authorization: basicAuth() },
    });
    expect(res.status).toBe(200);
  });
});
