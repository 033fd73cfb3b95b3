// A workflow's call_webhook action, delivered the way outgoing webhooks are: signed with the
// action's own secret, retried, disabled by a 410, and shown with the endpoints.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, testConfigInput, testCore, type TestCore } from "../../test/harness.js";
import {
  createTicket,
  enableWebhookEndpoint,
  listWorkflows,
  OutboxDispatcher,
  silentLogger,
  webhookDestinations,
  webhookEndpoints,
} from "../../core/index.js";
import { webhookWires } from "./endpoints.js";
import { verifyWebhookSignature } from "./signature.js";
import { startReceiver, type Receiver } from "./testing/receiver.js";
import { webhookDeliveryTarget } from "./webhook-target.js";

const secret = "workflow-secret-0123";
let receiver: Receiver;
let t: TestCore;
let d: OutboxDispatcher;

beforeAll(async () => {
  receiver = await startReceiver();
  t = await testCore({
    ...testConfigInput,
    workflows: [
      {
        id: "tell-crm",
        name: "Tell the CRM about urgent tickets",
        trigger: { on: "ticket_created" },
        conditions: { priorities: ["urgent"] },
        actions: [
          { do: "set_priority", priority: "high" },
          { do: "call_webhook", url: `${receiver.url}/flow`, secretEnv: "FLOW_SECRET" },
        ],
      },
    ],
  });
  const wires = webhookWires(webhookDestinations(t.deps.catalog.config), { FLOW_SECRET: secret });
  if (!wires.ok) throw new Error("the test's secret is missing");
  d = new OutboxDispatcher({
    deps: t.deps,
    targets: { webhook: webhookDeliveryTarget({ deps: t.deps, endpoints: wires.wires }) },
    log: silentLogger,
  });
});
afterAll(async () => {
  await t.close();
  await receiver.close();
});

describe("call_webhook", () => {
  it("posts the ticket, signed with the action's secret, once per run", async () => {
    const { id } = await createTicket(t.deps, { subject: "Call out", priority: "urgent" }, as.bob);
    await createTicket(t.deps, { subject: "Not urgent" }, as.bob);
    await d.runOnce();
    expect(receiver.received).toHaveLength(1);
    const [r] = receiver.received;
    expect(r!.path).toBe("/flow");
    expect(r!.headers["x-helpdesk-event"]).toBe("workflow.webhook");
    expect(
      verifyWebhookSignature(secret, r!.headers["x-helpdesk-signature"] as string, r!.body, { nowMs: t.deps.now().getTime() }).ok,
    ).toBe(true);
    // The ticket as the workflow left it (its priority set by the action before).
    expect(JSON.parse(r!.body)).toMatchObject({
      type: "workflow.webhook",
      ticket: { id, priority: "high" },
      data: { workflow: "tell-crm", action: 1 },
    });
    const [summary] = await listWorkflows(t.deps, { runs: 1 }, as.ada);
    expect(summary!.runs[0]).toMatchObject({ ticketId: id, outcome: "done" });
  });

  it("is disabled by a 410 like an endpoint: later runs record the call as failed until an admin enables it", async () => {
    receiver.received.length = 0;
    receiver.script({ status: 410 });
    await createTicket(t.deps, { subject: "Gone", priority: "urgent" }, as.bob);
    await d.runOnce();
    const endpoint = "workflow:tell-crm:1";
    const [listed] = await webhookEndpoints(t.deps, as.ada);
    expect(listed).toMatchObject({
      id: endpoint,
      url: `${receiver.url}/flow`,
      workflow: { id: "tell-crm", action: 1 },
      enabled: false,
      failed: 1,
    });

    const { id } = await createTicket(t.deps, { subject: "While disabled", priority: "urgent" }, as.bob);
    const run = await t.deps.db
      .selectFrom("WorkflowRun")
      .select(["outcome", "detail"])
      .where("ticketId", "=", id)
      .executeTakeFirstOrThrow();
    expect(run.outcome).toBe("failed");
    expect(JSON.parse(run.detail).actions[1]).toEqual({
      do: "call_webhook",
      outcome: "failed",
      detail: { reason: "webhook disabled: receiver answered 410 Gone" },
    });

    expect(await enableWebhookEndpoint(t.deps, { endpoint }, as.ada)).toEqual({ endpoint, wasDisabled: true, resent: 0 });
    await createTicket(t.deps, { subject: "Back", priority: "urgent" }, as.bob);
    await d.runOnce();
    expect(receiver.received.map((r) => JSON.parse(r.body).ticket.subject)).toEqual(["Gone", "Back"]);
  });
});
