// The running service with intake and SMTP wired: a customer mail in over HTTP, a reply out by SMTP.
import { createHmac } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import PostalMime from "postal-mime";
import { describe, expect, it } from "vitest";
import { rawMail } from "../adapters/email/testing/mail.js";
import { startSmtpSink } from "../adapters/email/testing/smtp-sink.js";
import { silentLogger } from "../core/log.js";
import { replyToTicket } from "../core/tickets/reply-to-ticket.js";
import { freshDatabase } from "../test/harness.js";
import { startService } from "./service.js";
import { loadSettings } from "./settings.js";

describe("intake in the running service", () => {
  it("takes a signed raw email at /webhooks/email/raw and sends the agent's reply by SMTP", async () => {
    const db = await freshDatabase();
    await db.close();
    const sink = await startSmtpSink();
    const dir = mkdtempSync(join(tmpdir(), "helpdesk-intake-svc-"));
    const config = join(dir, "config.json");
    writeFileSync(
      config,
      JSON.stringify({ agents: [{ id: "ada", name: "Ada", role: "admin" }], inboxes: [{ address: "help@acme.test", name: "Acme Help" }] }),
    );
    const secret = "service-test-secret-123";
    const settings = loadSettings({
      DATABASE_URL: db.url,
      HELPDESK_CONFIG: config,
      EMAIL_RAW_SECRET: secret,
      SMTP_URL: sink.url,
      PORT: "0",
      HOST: "127.0.0.1",
      OUTBOX_POLL_MS: "20",
      ATTACHMENT_MAX_BYTES: "16",
    });
    const svc = await startService(settings, silentLogger);
    try {
      const body = [
        "--m",
        "Content-Type: text/plain",
        "",
        "See the log.",
        "--m",
        'Content-Type: text/plain; name="log.txt"',
        'Content-Disposition: attachment; filename="log.txt"',
        "Content-Transfer-Encoding: base64",
        "",
        Buffer.alloc(64, "x").toString("base64"),
        "--m--",
        "",
      ].join("\r\n");
      const mail = rawMail({
        to: "help@acme.test",
        subject: "Broken",
        messageId: "<svc-1@customer.test>",
        contentType: 'multipart/mixed; boundary="m"',
        body,
      });
      const res = await fetch(`http://127.0.0.1:${svc.port}/webhooks/email/raw`, {
        method: "POST",
        body: new Uint8Array(mail),
        headers: {
          "content-type": "message/rfc822",
          "x-helpdesk-signature": `sha256=${createHmac("sha256", secret).update(mail).digest("hex")}`,
        },
      });
      expect(res.status).toBe(200);
      const { ticketId } = (await res.json()) as { ticketId: number };
      // ATTACHMENT_MAX_BYTES reaches the intake: the 64-byte log is listed without its content.
      expect(
        await svc.deps.db
          .selectFrom("Attachment as a")
          .innerJoin("Message as m", "m.id", "a.messageId")
          .select(["a.filename", "a.size", "a.content"])
          .where("m.ticketId", "=", ticketId)
          .execute(),
      ).toEqual([{ filename: "log.txt", size: 64, content: null }]);
      await replyToTicket(svc.deps, { ticketId, text: "On it." }, { type: "agent", agentId: "ada" });
      for (let i = 0; i < 200 && sink.received.length === 0; i++) await new Promise((r) => setTimeout(r, 25));
      const sent = await PostalMime.parse(sink.received[0]!.raw);
      expect(sent).toMatchObject({
        subject: `Re: Broken [#${ticketId}]`,
        inReplyTo: "<svc-1@customer.test>",
        from: { address: "help@acme.test" },
      });
    } finally {
      await svc.stop();
      await sink.close();
      await db.drop();
    }
  });
});
