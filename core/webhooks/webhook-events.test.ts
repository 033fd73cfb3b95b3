// Which timeline events are which webhook events (the ones the use-case tests do not reach).
import { describe, expect, it } from "vitest";
import type { NotedEvent } from "../jobs/work-signal.js";
import { webhookEventOf } from "./webhook-events.js";

const at = new Date("2026-01-05T09:00:00.000Z");
const e = (type: string, data: Record<string, unknown> = {}): NotedEvent => ({ ticketId: 1, type, data, at, chain: [] });

describe("webhookEventOf", () => {
  it("reads SLA alerts and ratings", () => {
    expect(webhookEventOf(e("sla.warning", { metric: "first_response", dueAt: "2026-01-05T10:00:00.000Z" }))).toEqual({
      type: "sla.warning",
      data: { metric: "first_response", dueAt: "2026-01-05T10:00:00.000Z" },
    });
    expect(webhookEventOf(e("sla.breached", { metric: "resolution", dueAt: "x" }))?.type).toBe("sla.breached");
    expect(webhookEventOf(e("sla.met", { metric: "resolution" }))).toBeNull();
    expect(webhookEventOf(e("csat.received", { score: 2, channel: "email", surveyId: "s1" }))).toEqual({
      type: "csat.received",
      data: { score: 2, channel: "email" },
    });
  });

  it("reads a ticket taken up after it was filed apart as created, and a move as a status change", () => {
    expect(webhookEventOf(e("ticket.unquarantined"))?.type).toBe("ticket.created");
    expect(
      webhookEventOf(e("ticket.moved", { pipeline: { before: "support", after: "billing" }, status: { before: "new", after: "open" } })),
    ).toEqual({ type: "ticket.status_changed", data: { from: "new", to: "open", pipeline: { from: "support", to: "billing" } } });
  });

  it("reads the secondary of a merge, closed by it, and a move that keeps the status id as status changes", () => {
    const merged = { primary: 1, secondary: 2 };
    expect(webhookEventOf({ ...e("ticket.merged", { ...merged, status: { before: "new", after: "closed" } }), ticketId: 2 })).toEqual({
      type: "ticket.status_changed",
      data: { from: "new", to: "closed", mergedInto: 1 },
    });
    // The primary's event, and a secondary that was closed already, change no status.
    expect(webhookEventOf({ ...e("ticket.merged", merged), ticketId: 1 })).toBeNull();
    expect(webhookEventOf({ ...e("ticket.merged", merged), ticketId: 2 })).toBeNull();
    expect(
      webhookEventOf(e("ticket.moved", { pipeline: { before: "support", after: "sales" }, status: { before: "new", after: "new" } })),
    ).toEqual({ type: "ticket.status_changed", data: { from: "new", to: "new", pipeline: { from: "support", to: "sales" } } });
  });

  it("leaves out auto-replies, releases, comments and what receivers cannot ask for", () => {
    expect(webhookEventOf(e("message.received", { messageId: "m", autoSubmitted: true }))).toBeNull();
    expect(webhookEventOf(e("ticket.released", { owner: { before: "bob", after: null } }))).toBeNull();
    expect(webhookEventOf(e("message.commented", { messageId: "m" }))).toBeNull();
    expect(webhookEventOf(e("ticket.followed", { agentId: "bob" }))).toBeNull();
  });
});
