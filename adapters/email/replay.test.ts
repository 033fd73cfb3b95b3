// Mailgun signs only a timestamp and a token, so while the timestamp is fresh a captured signature
// could carry any body. A token seen again is a retry when it carries what it carried the first
// time, and a replay otherwise.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Logger } from "../../core/log.js";
import { testConfigInput, testCore, type TestCore } from "../../test/harness.js";
import { emailWebhookRoutes } from "./routes.js";
import { testInboxes } from "./testing/app.js";
import { formData, mailgunKey, mailgunSignature, rawMail } from "./testing/mail.js";

/** Every log line with its logger's fields, as the operator would see it. */
const lines: { level: string; text: string }[] = [];
function capturing(bound: Record<string, unknown> = {}): Logger {
  const at = (level: string) => (msg: string, fields?: Record<string, unknown>) =>
    void lines.push({ level, text: JSON.stringify({ msg, ...bound, ...fields }) });
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error"), child: (f) => capturing({ ...bound, ...f }) };
}

let t: TestCore;
let app: ReturnType<typeof emailWebhookRoutes>;
beforeAll(async () => {
  t = await testCore(testConfigInput);
  app = emailWebhookRoutes({ deps: t.deps, log: capturing(), inboxes: testInboxes, secrets: { mailgun: mailgunKey }, maxBytes: 1 << 20 });
});
afterAll(() => t.close());

const counts = async () => ({ tickets: await t.prisma.ticket.count(), messages: await t.prisma.message.count() });
// A new FormData each time: a new multipart boundary, as a resent request has.
const post = (fields: Record<string, string>) => app.request("/mailgun", { method: "POST", body: formData(fields) });
const forward = (sig: Record<string, string>, subject: string, text: string, messageId: string) => ({
  ...sig,
  recipient: "support@acme.test",
  "body-plain": text,
  "message-headers": JSON.stringify([
    ["From", "gun@mg-customer.test"],
    ["To", "support@acme.test"],
    ["Subject", subject],
    ["Message-Id", messageId],
  ]),
});
type Answer = { ticketId: number; created: boolean };

describe("mailgun tokens", () => {
  it("processes Mailgun's retry of the same delivery (same token, same content) as one message", async () => {
    const delivery = forward(
      mailgunSignature(t.deps.now().getTime()),
      "Retry me",
      "Sent once, delivered twice",
      "<mg-retry@mg-customer.test>",
    );
    const first = await post(delivery);
    expect(first.status).toBe(200);
    const a = (await first.json()) as Answer;
    const before = await counts();
    t.advance(60_000);
    const again = await post(delivery);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ ...a, created: false });
    expect(await counts()).toEqual(before);
  });

  it("refuses a captured token carrying another body within its window: 401, nothing written, no customer text logged", async () => {
    const sig = mailgunSignature(t.deps.now().getTime());
    expect((await post(forward(sig, "Real one", "The genuine message", "<mg-real@mg-customer.test>"))).status).toBe(200);
    const before = await counts();
    lines.length = 0;
    t.advance(30_000);
    const replay = await post(forward(sig, "Send money", "Forged words from an attacker", "<mg-forged@mg-customer.test>"));
    expect(replay.status).toBe(401);
    expect(await replay.json()).toMatchObject({ error: { code: "replayed" } });
    expect(await counts()).toEqual(before);
    const warned = lines.filter((l) => l.level === "warn");
    expect(warned.map((l) => l.text).join("\n")).toContain("replayed");
    for (const l of lines) {
      expect(l.text).not.toContain("Forged words");
      expect(l.text).not.toContain("Send money");
    }
    // The body-mime form of the same token is another body too.
    expect((await post({ ...sig, "body-mime": rawMail({ subject: "Also forged" }).toString("utf8") })).status).toBe(401);
    expect(await counts()).toEqual(before);
  });

  it("records a token only once its signature verified, so a forgery cannot spend a real token", async () => {
    const sig = mailgunSignature(t.deps.now().getTime());
    const forged = { ...sig, signature: "0".repeat(64) };
    expect((await post(forward(forged, "Squatter", "Forged first", "<mg-squat@mg-customer.test>"))).status).toBe(401);
    const real = await post(forward(sig, "Genuine", "Arrives second", "<mg-genuine@mg-customer.test>"));
    expect(real.status).toBe(200);
    expect(((await real.json()) as Answer).created).toBe(true);
  });

  it("keeps a token until its timestamp leaves the window, then the stale timestamp refuses it", async () => {
    const sig = mailgunSignature(t.deps.now().getTime());
    expect((await post(forward(sig, "Window", "First body", "<mg-window-1@mg-customer.test>"))).status).toBe(200);
    t.advance(5 * 60_000);
    // The last moment the timestamp is accepted: the token is still remembered.
    const edge = await post(forward(sig, "Window", "Second body", "<mg-window-2@mg-customer.test>"));
    expect(edge.status).toBe(401);
    expect(await edge.json()).toMatchObject({ error: { code: "replayed" } });
    t.advance(1_000);
    const late = await post(forward(sig, "Window", "Third body", "<mg-window-3@mg-customer.test>"));
    expect(late.status).toBe(401);
    expect(await late.json()).toMatchObject({ error: { code: "unauthorized" } });
  });
});
