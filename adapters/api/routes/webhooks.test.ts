// The webhook endpoints over the API: admins read their state and enable a disabled one.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken, createTicket, systemActor } from "../../../core/index.js";
import { as, testConfigInput, testCore, type TestCore } from "../../../test/harness.js";
import { appOn, call, expectRoute } from "../testing/api-kit.js";

let t: TestCore;
let app: ReturnType<typeof appOn>;
let ada: string;
let bob: string;

beforeAll(async () => {
  t = await testCore({
    ...testConfigInput,
    webhooks: [{ id: "crm", url: "http://127.0.0.1:9/crm", events: ["ticket.created"], secret: "whsec-test-0123456789" }],
    workflows: [
      {
        id: "tell-crm",
        name: "Tell the CRM",
        trigger: { on: "ticket_created" },
        conditions: { priorities: ["urgent"] },
        actions: [{ do: "call_webhook", url: "http://127.0.0.1:9/flow", secret: "workflow-secret-0123" }],
      },
    ],
  });
  app = appOn(t.deps);
  ada = (await createApiToken(t.deps, { name: "ada", agentId: "ada", scope: "write" }, systemActor)).secret;
  bob = (await createApiToken(t.deps, { name: "bob", agentId: "bob", scope: "write" }, systemActor)).secret;
});
afterAll(() => t.close());

const crmRows = () => t.deps.db.selectFrom("Outbox").selectAll().where("target", "=", "webhook").execute();

describe("/api/v1/webhooks", () => {
  it("shows admins a disabled endpoint's reason, refuses others, and enables it again with a resend", async () => {
    await createTicket(t.deps, { subject: "Missed" }, as.bob);
    await createTicket(t.deps, { subject: "Missed too" }, as.bob);
    const at = t.deps.now();
    await t.deps.db
      .insertInto("WebhookEndpoint")
      .values({ id: "crm", disabledAt: at, disabledReason: "receiver answered 410 Gone", updatedAt: at })
      .execute();
    await t.deps.db.updateTable("Outbox").set({ status: "failed", attempts: 5 }).where("target", "=", "webhook").execute();

    const list = await call(app, ada, "GET", "/webhooks");
    expectRoute("listWebhooks", list);
    expect(list.body.webhooks[0]).toEqual(
      expect.objectContaining({
        id: "crm",
        enabled: false,
        disabled: { at: at.toISOString(), reason: "receiver answered 410 Gone" },
        pending: 0,
        failed: 2,
      }),
    );

    expect(await call(app, bob, "GET", "/webhooks")).toMatchObject({ status: 403, body: { error: { code: "forbidden" } } });
    expect(await call(app, bob, "POST", "/webhooks/crm/enable", {})).toMatchObject({ status: 403 });
    expect(await call(app, ada, "POST", "/webhooks/nope/enable", {})).toMatchObject({ status: 404 });
    expect(await call(app, ada, "POST", "/webhooks/crm/enable", { resendFailed: "yes" })).toMatchObject({ status: 400 });
    expect((await crmRows()).every((r) => r.status === "failed")).toBe(true);

    const enabled = await call(app, ada, "POST", "/webhooks/crm/enable", { resendFailed: true });
    expectRoute("enableWebhook", enabled);
    expect(enabled.body).toEqual({ endpoint: "crm", wasDisabled: true, resent: 2 });
    expect((await crmRows()).map((r) => [r.status, r.attempts])).toEqual([
      ["pending", 0],
      ["pending", 0],
    ]);
    const after = await call(app, ada, "GET", "/webhooks");
    expect(after.body.webhooks[0]).toMatchObject({ enabled: true, disabled: null, pending: 2, failed: 0 });

    // Without a body it only enables.
    expect((await call(app, ada, "POST", "/webhooks/crm/enable")).body).toEqual({ endpoint: "crm", wasDisabled: false, resent: 0 });
  });

  it("takes a workflow call's id, colons and all, escaped or not", async () => {
    const list = await call(app, ada, "GET", "/webhooks");
    expect(list.body.webhooks[1]).toMatchObject({ id: "workflow:tell-crm:0", workflow: { id: "tell-crm", action: 0 }, enabled: true });
    for (const path of ["/webhooks/workflow%3Atell-crm%3A0/enable", "/webhooks/workflow:tell-crm:0/enable"])
      expect(await call(app, ada, "POST", path, {})).toMatchObject({
        status: 200,
        body: { endpoint: "workflow:tell-crm:0", wasDisabled: false, resent: 0 },
      });
  });
});
