import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../../core/log.js";
import { testCore, type TestCore } from "../../test/harness.js";
import { FormDefinition, type ConfiguredForm } from "./config.js";
import { formWebhookRoutes } from "./routes.js";

const secret = "site-secret";
const form = (def: unknown): ConfiguredForm => ({ ...FormDefinition.parse(def), secret });
const forms = [
  form({ id: "contact", secretEnv: "X", fields: { email: "email", description: "message" } }),
  form({ id: "hourly", secretEnv: "X", fields: { email: "email", description: "message" }, dedupeWindowSeconds: 3600 }),
  form({ id: "brief", secretEnv: "X", fields: { email: "email", description: "message" }, dedupeWindowSeconds: 1 }),
  {
    ...FormDefinition.parse({ id: "typeform", kind: "typeform", secretEnv: "X", fields: { email: "email", description: "message" } }),
    secret: "tf-secret",
  },
];

let t: TestCore;
let app: ReturnType<typeof formWebhookRoutes>;
beforeAll(async () => {
  t = await testCore();
  app = formWebhookRoutes({ deps: t.deps, log: silentLogger, forms, maxBytes: 64 * 1024 });
});
afterAll(() => t.close());

type Answer = { ticketId: number; created: boolean };
/** Signs like a sender's backend: t=<unix seconds>,sha256=<hex HMAC of "<t>.<key>.<body>">. */
const sign = (body: string, key = "", atMs = t.deps.now().getTime()) => {
  const ts = String(Math.floor(atMs / 1000));
  return `t=${ts},sha256=${createHmac("sha256", secret).update(`${ts}.${key}.${body}`).digest("hex")}`;
};
const post = (id: string, body: string, signature: string, key?: string) =>
  app.request(`/${id}`, {
    method: "POST",
    body,
    headers: { "content-type": "application/json", "x-helpdesk-signature": signature, ...(key ? { "idempotency-key": key } : {}) },
  });
const submit = async (id: string, body: string, key?: string): Promise<Answer> => {
  const res = await post(id, body, sign(body, key), key);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Answer;
};
let n = 0;
const body = (words = "please help") => JSON.stringify({ email: `replay${++n}@shop.test`, message: words });

describe("signed form signatures", () => {
  it("refuses a timestamp more than five minutes off, either way, and writes nothing", async () => {
    const b = body();
    const now = t.deps.now().getTime();
    const before = await t.prisma.ticket.count();
    expect((await post("contact", b, sign(b, "", now - 301_000))).status).toBe(401);
    expect((await post("contact", b, sign(b, "", now + 301_000))).status).toBe(401);
    expect(await t.prisma.ticket.count()).toBe(before);
    expect((await post("contact", b, sign(b, "", now - 299_000))).status).toBe(200);
  });

  it("refuses the old body-only signature and a timestamp that was not the one signed", async () => {
    const b = body();
    expect((await post("contact", b, `sha256=${createHmac("sha256", secret).update(b).digest("hex")}`)).status).toBe(401);
    const [, mac] = sign(b).split(",");
    expect((await post("contact", b, `t=${Math.floor(t.deps.now().getTime() / 1000) + 1},${mac}`)).status).toBe(401);
  });

  it("covers the Idempotency-Key: a captured request cannot be replayed under a fresh key", async () => {
    const b = body();
    const signature = sign(b, "sub-1");
    const first = (await (await post("contact", b, signature, "sub-1")).json()) as Answer;
    expect(first.created).toBe(true);
    expect((await post("contact", b, signature, "sub-2")).status).toBe(401);
    expect((await post("contact", b, signature)).status).toBe(401);
    // The same request again inside the window is the same submission; after it, refused.
    expect(await (await post("contact", b, signature, "sub-1")).json()).toEqual({ ...first, created: false });
    t.advance(301_000);
    expect((await post("contact", b, signature, "sub-1")).status).toBe(401);
  });
});

describe("a signed request sent again", () => {
  const counts = async () => ({ tickets: await t.prisma.ticket.count(), messages: await t.prisma.message.count() });

  it("answers as the first did, with no second ticket or message, even after a short dedupe window closed", async () => {
    const b = body("replay me");
    const signature = sign(b);
    const first = (await (await post("brief", b, signature)).json()) as Answer;
    expect(first.created).toBe(true);
    const before = await counts();
    // Past the form's one-second dedupe window, inside the signature's five minutes.
    for (const step of [2_000, 120_000, 178_000]) {
      t.advance(step);
      const again = await post("brief", b, signature);
      expect(again.status).toBe(200);
      expect(await again.json()).toEqual({ ...first, created: false });
    }
    expect(await counts()).toEqual(before);
    // The sender posting the same words anew (a fresh signature) is a new request on this form.
    expect((await submit("brief", b)).created).toBe(true);
  });

  it("leaves a Typeform delivery, whose signature has no timestamp, to its event id, which never expires", async () => {
    const payload = JSON.stringify({
      event_id: "01HREPLAYEDTYPEFORM",
      event_type: "form_response",
      form_response: {
        form_id: "f1",
        answers: [
          { type: "email", email: "tf-replay@shop.test", field: { id: "e", ref: "email" } },
          { type: "text", text: "Once only", field: { id: "m", ref: "message" } },
        ],
      },
    });
    const headers = {
      "content-type": "application/json",
      "typeform-signature": `sha256=${createHmac("sha256", "tf-secret").update(payload).digest("base64")}`,
    };
    const first = (await (await app.request("/typeform", { method: "POST", body: payload, headers })).json()) as Answer;
    expect(first.created).toBe(true);
    const before = await counts();
    t.advance(40 * 86_400_000);
    const replay = await app.request("/typeform", { method: "POST", body: payload, headers });
    expect(await replay.json()).toEqual({ ...first, created: false });
    expect(await counts()).toEqual(before);
  });
});

describe("form dedupe", () => {
  it("dedupes on the body even when each post carries its own Idempotency-Key (or none)", async () => {
    const b = body("double click");
    const first = await submit("contact", b, "click-1");
    expect(await submit("contact", b, "click-2")).toEqual({ ...first, created: false });
    expect(await submit("contact", b)).toEqual({ ...first, created: false });
    // The key still matches a retry whose body changed.
    expect(await submit("contact", body("double click, edited"), "click-1")).toEqual({ ...first, created: false });
  });

  it("treats the same body as one submission for exactly the window from when it was first seen", async () => {
    const hour = 3_600_000;
    const b = body("hourly");
    const first = await submit("hourly", b);
    t.advance(hour / 2);
    expect(await submit("hourly", b)).toEqual({ ...first, created: false });
    t.advance(hour / 2 - 1);
    expect(await submit("hourly", b)).toEqual({ ...first, created: false });
    // The repeats did not extend it: one window after the first sighting, it is a new request.
    t.advance(1);
    const second = await submit("hourly", b);
    expect(second.created).toBe(true);
    t.advance(hour - 1);
    expect(await submit("hourly", b)).toEqual({ ...second, created: false });
    t.advance(1);
    expect((await submit("hourly", b)).created).toBe(true);
  });

  it("applies the window to a body first stored under an Idempotency-Key too", async () => {
    const b = body("keyed then bare");
    const first = await submit("hourly", b, "k-1");
    t.advance(3_600_000 - 1);
    expect(await submit("hourly", b)).toEqual({ ...first, created: false });
    t.advance(1);
    expect((await submit("hourly", b)).created).toBe(true);
  });
});
