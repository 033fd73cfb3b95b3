import { createHmac, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../../core/log.js";
import { testCore, type TestCore } from "../../test/harness.js";
import { FormDefinition, type ConfiguredForm } from "./config.js";
import { formWebhookRoutes } from "./routes.js";

const form = (def: unknown, secret: string): ConfiguredForm => ({ ...FormDefinition.parse(def), secret });
const forms = [
  form(
    {
      id: "contact",
      secretEnv: "X",
      teamId: "tier1",
      fields: {
        email: "email",
        name: "name",
        subject: "topic",
        description: "message",
        priority: "urgency",
        properties: { product: "product" },
      },
      required: ["name"],
    },
    "site-secret",
  ),
  form(
    {
      id: "typeform-bug",
      kind: "typeform",
      secretEnv: "X",
      pipelineId: "billing",
      subject: "Bug report",
      fields: { email: "contact_email", description: "what_happened" },
    },
    "tf-secret",
  ),
  form(
    {
      id: "tally-help",
      kind: "tally",
      secretEnv: "X",
      fields: { email: "Email", description: "How can we help?", properties: { product: "Product" } },
    },
    "tally-secret",
  ),
];

let t: TestCore;
let app: ReturnType<typeof formWebhookRoutes>;
beforeAll(async () => {
  t = await testCore();
  app = formWebhookRoutes({ deps: t.deps, log: silentLogger, forms, maxBytes: 64 * 1024 });
});
afterAll(() => t.close());

const hmac = (secret: string, body: string, enc: "hex" | "base64") => createHmac("sha256", secret).update(body).digest(enc);
const post = (id: string, body: string, headers: Record<string, string>) => app.request(`/${id}`, { method: "POST", body, headers });
/** `t=<unix seconds>,sha256=<hex HMAC of "<t>.<Idempotency-Key>.<body>">`, at the injected clock's time. */
const sign = (body: string, key = "", secret = "site-secret") => {
  const ts = String(Math.floor(t.deps.now().getTime() / 1000));
  return `t=${ts},sha256=${hmac(secret, `${ts}.${key}.${body}`, "hex")}`;
};
const signed = (body: string, type = "application/json", extra: Record<string, string> = {}) =>
  post("contact", body, { "content-type": type, "x-helpdesk-signature": sign(body, extra["idempotency-key"]), ...extra });
const ticket = (id: number) => t.prisma.ticket.findUniqueOrThrow({ where: { id }, include: { contact: true, messages: true } });
type Answer = { ticketId: number; ticketNumber: string; created: boolean };

describe("signed forms (JSON and urlencoded)", () => {
  it("opens a ticket from a signed JSON submission with the mapped fields", async () => {
    const body = JSON.stringify({
      email: "Gina@Shop.test",
      name: "Gina",
      topic: "Checkout broken",
      message: "Card declined",
      urgency: "High",
      product: "web",
      page: "/checkout",
    });
    const res = await signed(body);
    expect(res.status).toBe(200);
    const a = (await res.json()) as Answer;
    expect(a).toEqual({ ticketId: a.ticketId, ticketNumber: `#${a.ticketId}`, created: true });
    const tk = await ticket(a.ticketId);
    expect(tk).toMatchObject({
      subject: "Checkout broken",
      source: "form",
      priority: "high",
      teamId: "tier1",
      contact: { email: "gina@shop.test", name: "Gina" },
    });
    expect(JSON.parse(tk.properties)).toEqual({ product: "web" });
    expect(tk.messages[0]?.text).toBe("Card declined\n\npage: /checkout");
  });

  it("accepts application/x-www-form-urlencoded", async () => {
    const body = new URLSearchParams({ email: "hal@shop.test", name: "Hal", message: "Where is my order?" }).toString();
    const res = await signed(body, "application/x-www-form-urlencoded");
    expect(res.status).toBe(200);
    const tk = await ticket(((await res.json()) as Answer).ticketId);
    expect(tk).toMatchObject({ subject: "Where is my order?", contact: { email: "hal@shop.test" } });
  });

  it("refuses a missing or wrong signature with 401 and writes nothing", async () => {
    const before = await t.prisma.ticket.count();
    const body = JSON.stringify({ email: "x@shop.test", name: "X", message: "hi" });
    expect((await post("contact", body, { "content-type": "application/json" })).status).toBe(401);
    expect(
      (await post("contact", body, { "content-type": "application/json", "x-helpdesk-signature": sign(body, "", "wrong") })).status,
    ).toBe(401);
    expect(await t.prisma.ticket.count()).toBe(before);
  });

  it("names a missing required field or a bad value in a 400", async () => {
    const noName = await signed(JSON.stringify({ email: "y@shop.test", message: "hi" }));
    expect(noName.status).toBe(400);
    expect(await noName.json()).toEqual({
      error: { code: "missing_field", message: 'Missing required field "name".', fields: { name: expect.any(String) } },
    });
    const noEmail = await signed(JSON.stringify({ name: "Y", message: "hi", email: "  " }));
    expect(((await noEmail.json()) as { error: { message: string } }).error.message).toContain('"email"');
    const badPriority = await signed(JSON.stringify({ email: "y@shop.test", name: "Y", message: "hi", urgency: "asap" }));
    expect(badPriority.status).toBe(400);
    const badProduct = await signed(JSON.stringify({ email: "y@shop.test", name: "Y", message: "hi", product: "fax" }));
    expect(await badProduct.json()).toMatchObject({ error: { code: "invalid", fields: { product: expect.any(String) } } });
    expect((await post("nope", "{}", {})).status).toBe(404);
  });

  it("refuses an unknown form before reading its body", async () => {
    let read = false;
    const body = new ReadableStream<Uint8Array>(
      {
        pull(ctrl) {
          read = true;
          ctrl.enqueue(new TextEncoder().encode("{}"));
          ctrl.close();
        },
      },
      { highWaterMark: 0 },
    );
    const res = await app.request("/nope", {
      method: "POST",
      body,
      headers: { "content-type": "application/json" },
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(404);
    expect(read).toBe(false);
  });

  it("makes one ticket of the same submission delivered twice (same body, or same Idempotency-Key)", async () => {
    const body = JSON.stringify({ email: "ivy@shop.test", name: "Ivy", message: "double click" });
    const first = (await (await signed(body)).json()) as Answer;
    t.advance(60_000);
    const again = (await (await signed(body)).json()) as Answer;
    expect(again).toEqual({ ...first, created: false });
    const k1 = (await (
      await signed(JSON.stringify({ email: "ivy@shop.test", name: "Ivy", message: "v1" }), "application/json", {
        "idempotency-key": "sub-77",
      })
    ).json()) as Answer;
    const k2 = (await (
      await signed(JSON.stringify({ email: "ivy@shop.test", name: "Ivy", message: "v1 (retry)" }), "application/json", {
        "idempotency-key": "sub-77",
      })
    ).json()) as Answer;
    expect(k2).toEqual({ ...k1, created: false });
    // After the window the same words are a new request.
    t.advance(2 * 86_400_000);
    expect(((await (await signed(body)).json()) as Answer).created).toBe(true);
  });

  it("stores a submission whose email (3 KB) or Idempotency-Key (5 KB) is longer than an index entry, once", async () => {
    // Random characters: PostgreSQL would compress a repetitive value under its btree limit.
    const noise = (n: number) => randomBytes(n).toString("hex").slice(0, n);
    const email = `${noise(3000)}@shop.test`;
    const key = noise(5000);
    const body = JSON.stringify({ email, name: "Long", message: "very long address" });
    const res = await signed(body, "application/json", { "idempotency-key": key });
    expect(res.status, await res.clone().text()).toBe(200);
    const first = (await res.json()) as Answer;
    expect((await ticket(first.ticketId)).contact?.email).toBe(email);
    const again = await signed(JSON.stringify({ email, name: "Long", message: "retried" }), "application/json", { "idempotency-key": key });
    expect(await again.json()).toEqual({ ...first, created: false });
    const other = (await (
      await signed(JSON.stringify({ email: email.toUpperCase(), name: "Long", message: "another one" }))
    ).json()) as Answer;
    expect(other.created).toBe(true);
    expect((await ticket(other.ticketId)).contactId).toBe((await ticket(first.ticketId)).contactId);
  });
});

describe("native form providers", () => {
  const typeform = (eventId: string) =>
    JSON.stringify({
      event_id: eventId,
      event_type: "form_response",
      form_response: {
        form_id: "lT4Z3j",
        token: "a3a12ec67a1365927098a606107fac15",
        submitted_at: "2026-01-05T09:00:00Z",
        definition: { id: "lT4Z3j", title: "Bug report", fields: [] },
        answers: [
          { type: "email", email: "jo@typeform-user.test", field: { id: "e1", type: "email", ref: "contact_email" } },
          { type: "text", text: "App crashes on save", field: { id: "t1", type: "long_text", ref: "what_happened" } },
          { type: "choice", choice: { label: "iOS" }, field: { id: "c1", type: "multiple_choice", ref: "platform" } },
        ],
      },
    });

  it("accepts a Typeform form_response with its sha256=<base64> signature, once per event", async () => {
    const body = typeform("01HTYPEFORMEVENT");
    const headers = { "content-type": "application/json", "typeform-signature": `sha256=${hmac("tf-secret", body, "base64")}` };
    const res = await post("typeform-bug", body, headers);
    expect(res.status).toBe(200);
    const a = (await res.json()) as Answer;
    const tk = await ticket(a.ticketId);
    expect(tk).toMatchObject({ subject: "Bug report", pipelineId: "billing", contact: { email: "jo@typeform-user.test" } });
    expect(tk.messages[0]?.text).toBe("App crashes on save\n\nplatform: iOS");
    expect(await (await post("typeform-bug", body, headers)).json()).toEqual({ ...a, created: false });
    expect((await post("typeform-bug", body, { ...headers, "typeform-signature": `sha256=${hmac("x", body, "base64")}` })).status).toBe(
      401,
    );
  });

  it("accepts a Tally FORM_RESPONSE with its Tally-Signature, mapping choice ids to their text", async () => {
    const body = JSON.stringify({
      eventId: "a4cb511e-d513-4fa5-baee-b815d718dfd1",
      eventType: "FORM_RESPONSE",
      createdAt: "2026-01-05T09:00:00.000Z",
      data: {
        responseId: "2wgx4n",
        submissionId: "2wgx4n",
        formId: "VwbNEw",
        formName: "Help",
        fields: [
          { key: "question_3EKz4n", label: "Email", type: "INPUT_EMAIL", value: "kim@tally-user.test" },
          { key: "question_w4Q1Xl", label: "How can we help?", type: "TEXTAREA", value: "Cannot upload" },
          {
            key: "question_PzJ9vb",
            label: "Product",
            type: "DROPDOWN",
            value: ["opt-2"],
            options: [
              { id: "opt-1", text: "web" },
              { id: "opt-2", text: "mobile" },
            ],
          },
        ],
      },
    });
    const res = await post("tally-help", body, {
      "content-type": "application/json",
      "tally-signature": hmac("tally-secret", body, "base64"),
    });
    expect(res.status).toBe(200);
    const tk = await ticket(((await res.json()) as Answer).ticketId);
    expect(tk).toMatchObject({ source: "form", contact: { email: "kim@tally-user.test" } });
    expect(JSON.parse(tk.properties)).toEqual({ product: "mobile" });
    expect((await post("tally-help", body, { "content-type": "application/json" })).status).toBe(401);
  });
});
