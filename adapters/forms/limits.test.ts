// A signed form post built to exhaust memory when parsed: 24 MB of nesting, or of empty objects
// side by side. Refused before JSON.parse builds it. This file runs in its own process (vitest
// forks one per file), so its RSS is its own.
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../../core/log.js";
import { testCore, type TestCore } from "../../test/harness.js";
import { FormDefinition, type ConfiguredForm } from "./config.js";
import { formWebhookRoutes } from "./routes.js";

const forms: ConfiguredForm[] = [
  { ...FormDefinition.parse({ id: "contact", secretEnv: "X", fields: { email: "email", description: "message" } }), secret: "site-secret" },
  {
    ...FormDefinition.parse({ id: "bugs", kind: "typeform", secretEnv: "X", fields: { email: "email", description: "what" } }),
    secret: "tf-secret",
  },
];
const size = 24 * 1024 * 1024;
const deep = () => Buffer.concat([Buffer.alloc(size / 2, "["), Buffer.alloc(size / 2, "]")]);
const wide = () => Buffer.concat([Buffer.from('{"a":['), Buffer.from("{},".repeat(size / 3 - 1)), Buffer.from("{}]}")]);

let t: TestCore;
let app: ReturnType<typeof formWebhookRoutes>;
beforeAll(async () => {
  t = await testCore();
  app = formWebhookRoutes({ deps: t.deps, log: silentLogger, forms, maxBytes: 32 * 1024 * 1024 });
});
afterAll(() => t.close());

const signed = (body: Buffer) => {
  const ts = String(Math.floor(t.deps.now().getTime() / 1000));
  return { "x-helpdesk-signature": `t=${ts},sha256=${createHmac("sha256", "site-secret").update(`${ts}..`).update(body).digest("hex")}` };
};
const typeform = (body: Buffer) => ({ "typeform-signature": `sha256=${createHmac("sha256", "tf-secret").update(body).digest("base64")}` });

describe("form JSON bounds", () => {
  it.each([
    ["contact", "deep", deep, signed, "nests deeper than 64 levels"],
    ["contact", "wide", wide, signed, "holds more than 500000 values"],
    ["bugs", "deep", deep, typeform, "nests deeper than 64 levels"],
  ] as const)("/%s refuses a 24 MB %s body with 400 and grows RSS by well under 200 MB", async (id, _, build, sign, said) => {
    const body = build();
    const headers = { "content-type": "application/json", ...sign(body) };
    const before = process.memoryUsage().rss;
    const res = await app.request(`/${id}`, { method: "POST", body: new Uint8Array(body), headers });
    const grown = process.memoryUsage().rss - before;
    expect(grown).toBeLessThan(200 * 1024 * 1024);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: "malformed", message: expect.stringContaining(said) } });
    expect(await t.prisma.ticket.count()).toBe(0);
  });
});
