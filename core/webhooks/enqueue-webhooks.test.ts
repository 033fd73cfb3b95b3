// Which changes become webhook rows, for which endpoints, and what their bodies say.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, testConfigInput, testCore, type TestCore } from "../../test/harness.js";
import { assignTicket } from "../tickets/assign-ticket.js";
import { changeStatus } from "../tickets/change-status.js";
import { claimTicket } from "../tickets/claim-ticket.js";
import { createTicket } from "../tickets/create-ticket.js";
import { ingestInbound } from "../tickets/ingest-inbound.js";
import { mergeTickets } from "../tickets/merge-tickets.js";
import { moveTicket } from "../tickets/move-ticket.js";
import { replyToTicket } from "../tickets/reply-to-ticket.js";
import { upsertEndpoint } from "./record-webhook-attempt.js";
import { maxWebhookTextLength, type WebhookPayload } from "./enqueue-webhooks.js";

const secret = "a-secret-of-twenty-chars";
const hook = (id: string, events: string[], more: Record<string, unknown> = {}) => ({
  id,
  url: `http://127.0.0.1:9/${id}`,
  events,
  secret,
  ...more,
});

let t: TestCore;
beforeAll(async () => {
  t = await testCore({
    ...testConfigInput,
    pipelines: [
      ...testConfigInput.pipelines,
      // Its statuses are named like the support pipeline's: a move between them keeps the status id.
      {
        id: "sales",
        name: "Sales",
        statuses: [
          { id: "new", name: "New", category: "OPEN" },
          { id: "closed", name: "Closed", category: "CLOSED" },
        ],
      },
    ],
    webhooks: [
      hook("crm", ["ticket.created", "ticket.status_changed"]),
      hook("vip_only", ["ticket.created"], { teams: ["vip"] }),
      hook("off", ["ticket.created", "ticket.status_changed"], { enabled: false }),
      hook("talk", ["ticket.customer_replied", "ticket.agent_replied", "ticket.assigned"]),
      hook("gone", ["ticket.created"]),
    ],
    workflows: [
      {
        id: "escalate-urgent",
        name: "Escalate urgent tickets",
        trigger: { on: "ticket_created" },
        conditions: { priorities: ["urgent"] },
        actions: [
          { do: "set_priority", priority: "high" },
          { do: "assign", rule: "to-cy" },
        ],
      },
    ],
    assignmentRules: [{ id: "to-cy", agents: ["cy"], auto: false }],
  });
  await upsertEndpoint(t.deps.db, "gone", {
    disabledAt: t.deps.now(),
    disabledReason: "receiver answered 410 Gone",
    updatedAt: t.deps.now(),
  });
});
afterAll(() => t.close());

async function rowsSince(mark: number) {
  const rows = await t.deps.db
    .selectFrom("Outbox")
    .selectAll()
    .where("target", "=", "webhook")
    .orderBy("createdAt")
    .orderBy("id")
    .execute();
  return rows.slice(mark).map((r) => ({ ...r, body: JSON.parse(r.payload) as WebhookPayload }));
}
const count = async () => (await rowsSince(0)).length;

describe("enqueueWebhooks", () => {
  it("writes one row per subscribed endpoint, none for one off or disabled, with the event and the ticket", async () => {
    const mark = await count();
    const { id } = await createTicket(
      t.deps,
      { subject: "Printer on fire", teamId: "tier1", requester: { email: "pat@example.org" } },
      as.bob,
    );
    const rows = await rowsSince(mark);
    expect(rows.map((r) => r.body.endpoint)).toEqual(["crm"]);
    const [row] = rows;
    expect(row).toMatchObject({ target: "webhook", topic: "ticket.created", ticketId: null, status: "pending" });
    expect(row!.key).toBe(`webhook:crm:${row!.body.event.id}`);
    expect(row!.body.event).toEqual({
      id: expect.any(String),
      type: "ticket.created",
      createdAt: t.deps.now().toISOString(),
      ticket: expect.objectContaining({
        id,
        number: `#${id}`,
        subject: "Printer on fire",
        status: { id: "new", name: "New", category: "OPEN" },
        pipeline: { id: "support", name: "Support" },
        team: { id: "tier1", name: "Tier 1" },
        contact: expect.objectContaining({ email: "pat@example.org" }),
        createdAt: t.deps.now().toISOString(),
      }),
      data: {},
    });
  });

  it("sends a team's tickets to an endpoint limited to it, with one event id for every endpoint", async () => {
    const mark = await count();
    await createTicket(t.deps, { subject: "VIP", teamId: "vip" }, as.ada);
    const rows = await rowsSince(mark);
    expect(rows.map((r) => r.body.endpoint).sort()).toEqual(["crm", "vip_only"]);
    expect(new Set(rows.map((r) => r.body.event.id)).size).toBe(1);
    expect(new Set(rows.map((r) => r.key)).size).toBe(2);
  });

  it("reads status changes, assignments and both kinds of reply from the timeline", async () => {
    const { id } = await createTicket(t.deps, { subject: "Flow", teamId: "tier1", requester: { email: "flow@example.org" } }, as.bob);
    let mark = await count();
    await changeStatus(t.deps, { ticketId: id, statusId: "in_progress" }, as.bob);
    let rows = await rowsSince(mark);
    expect(rows.map((r) => [r.body.endpoint, r.body.event.type, r.body.event.data])).toEqual([
      ["crm", "ticket.status_changed", { from: "new", to: "in_progress" }],
    ]);
    expect(rows[0]!.body.event.ticket.status.id).toBe("in_progress");

    mark = await count();
    await claimTicket(t.deps, { ticketId: id }, as.bob);
    await assignTicket(t.deps, { ticketId: id, ownerId: "cy" }, as.bob);
    await assignTicket(t.deps, { ticketId: id, ownerId: null }, as.bob); // unassigning is not "assigned"
    rows = await rowsSince(mark);
    expect(rows.map((r) => [r.body.endpoint, r.body.event.type, r.body.event.data])).toEqual([
      ["talk", "ticket.assigned", { from: null, to: "bob" }],
      ["talk", "ticket.assigned", { from: "bob", to: "cy" }],
    ]);

    mark = await count();
    await replyToTicket(t.deps, { ticketId: id, text: "We are on it." }, as.bob);
    await ingestInbound(t.deps, {
      channel: "email",
      from: { email: "flow@example.org" },
      text: "Thanks!",
      externalId: "<thanks@example.org>",
      threadKeys: { ticketNumber: id },
    });
    rows = await rowsSince(mark);
    expect(rows.map((r) => [r.body.endpoint, r.body.event.type])).toEqual([
      ["talk", "ticket.agent_replied"],
      ["talk", "ticket.customer_replied"],
    ]);
    expect(rows[0]!.body.event.data).toMatchObject({ message: { text: "We are on it.", author: { agentId: "bob" } } });
    expect(rows[1]!.body.event.data).toMatchObject({
      message: { text: "Thanks!", channel: "email", author: { contactId: expect.any(String) } },
    });

    // A text longer than a body carries is cut, and says so.
    mark = await count();
    await replyToTicket(t.deps, { ticketId: id, text: "x".repeat(maxWebhookTextLength + 10) }, as.bob);
    const [long] = await rowsSince(mark);
    const message = long!.body.event.data.message as { text: string; textTruncated?: boolean };
    expect(message.text).toHaveLength(maxWebhookTextLength);
    expect(message.textTruncated).toBe(true);
    expect((rows[0]!.body.event.data.message as { textTruncated?: boolean }).textTruncated).toBeUndefined();
  });

  it("sends a status change for the ticket a merge closes, and for a move that keeps the status id", async () => {
    const primary = await createTicket(t.deps, { subject: "Primary", teamId: "tier1" }, as.bob);
    const secondary = await createTicket(t.deps, { subject: "Secondary", teamId: "tier1" }, as.bob);
    let mark = await count();
    await mergeTickets(t.deps, { primaryId: primary.id, secondaryId: secondary.id }, as.bob);
    let rows = await rowsSince(mark);
    expect(rows.map((r) => [r.body.endpoint, r.body.ticketId, r.body.event.type, r.body.event.data])).toEqual([
      ["crm", secondary.id, "ticket.status_changed", { from: "new", to: "closed", mergedInto: primary.id }],
    ]);
    expect(rows[0]!.body.event.ticket).toMatchObject({ status: { id: "closed", category: "CLOSED" }, mergedIntoId: primary.id });

    mark = await count();
    await moveTicket(t.deps, { ticketId: primary.id, pipelineId: "sales" }, as.bob);
    rows = await rowsSince(mark);
    expect(rows.map((r) => [r.body.endpoint, r.body.event.type, r.body.event.data])).toEqual([
      ["crm", "ticket.status_changed", { from: "new", to: "new", pipeline: { from: "support", to: "sales" } }],
    ]);
    expect(rows[0]!.body.event.ticket).toMatchObject({ pipeline: { id: "sales" }, status: { id: "new" } });
  });

  it("also sends what workflows change in the same transaction", async () => {
    const mark = await count();
    const { id } = await createTicket(t.deps, { subject: "Urgent", teamId: "tier1", priority: "urgent" }, as.bob);
    const rows = await rowsSince(mark);
    expect(rows.map((r) => [r.body.endpoint, r.body.event.type])).toEqual([
      ["crm", "ticket.created"],
      ["talk", "ticket.assigned"],
    ]);
    expect(rows[1]!.body.event.data).toEqual({ from: null, to: "cy" });
    expect(rows[1]!.body.event.ticket).toMatchObject({ id, priority: "high", owner: { id: "cy", name: "Cy" } });
  });
});

describe("enqueueWebhooks without endpoints", () => {
  it("writes nothing", async () => {
    const bare = await testCore();
    try {
      await createTicket(bare.deps, { subject: "quiet" }, as.bob);
      expect(await bare.deps.db.selectFrom("Outbox").select("id").where("target", "=", "webhook").execute()).toEqual([]);
    } finally {
      await bare.close();
    }
  });
});
