// Webhooks in the running service: a ticket created through the core reaches a real receiver,
// signed with the secret read from the variable the config names, without anyone polling.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { verifyWebhookSignature } from "../adapters/webhooks/signature.js";
import { startReceiver } from "../adapters/webhooks/testing/receiver.js";
import { createTicket } from "../core/tickets/create-ticket.js";
import { silentLogger } from "../core/log.js";
import { freshDatabase, until } from "../test/harness.js";
import { startService } from "./service.js";
import { loadSettings } from "./settings.js";

afterEach(() => vi.unstubAllEnvs());

describe("webhooks in the running service", () => {
  it("delivers a new ticket to the endpoint, signed", async () => {
    const receiver = await startReceiver();
    const db = await freshDatabase();
    await db.close();
    const dir = mkdtempSync(join(tmpdir(), "helpdesk-webhook-svc-"));
    const config = join(dir, "config.json");
    writeFileSync(
      config,
      JSON.stringify({
        agents: [{ id: "ada", name: "Ada", role: "admin" }],
        webhooks: [{ id: "crm", url: `${receiver.url}/in`, events: ["ticket.created"], secretEnv: "WEBHOOK_CRM_SECRET" }],
      }),
    );
    vi.stubEnv("WEBHOOK_CRM_SECRET", "service-secret-0123");
    // A long poll: the delivery must come from the commit waking the worker.
    const settings = loadSettings({ DATABASE_URL: db.url, HELPDESK_CONFIG: config, PORT: "0", HOST: "127.0.0.1", OUTBOX_POLL_MS: "60000" });
    const svc = await startService(settings, silentLogger);
    try {
      const { id } = await createTicket(svc.deps, { subject: "Through the service" }, { type: "agent", agentId: "ada" });
      const got = await until(() => receiver.received[0], "the webhook");
      expect(JSON.parse(got.body)).toMatchObject({ type: "ticket.created", ticket: { id } });
      const signature = got.headers["x-helpdesk-signature"] as string;
      expect(verifyWebhookSignature("service-secret-0123", signature, got.body, { nowMs: Date.now() }).ok).toBe(true);
    } finally {
      await svc.stop();
      await db.drop();
      await receiver.close();
    }
  });
});
