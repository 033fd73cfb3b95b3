// Events that come from the job engine and from customers rather than from an agent's action: an
// SLA timer's warning and breach, and a satisfaction rating, each queued for the endpoints that want it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, testCore, type TestCore } from "../../test/harness.js";
import { sentSurvey } from "../../test/csat-kit.js";
import { slaConfigInput } from "../../test/sla-config.js";
import { answerSurvey } from "../csat/answer-survey.js";
import { coreJobs } from "../jobs/core-jobs.js";
import { silentLogger } from "../log.js";
import { OutboxDispatcher } from "../outbox/dispatcher.js";
import { changeStatus } from "../tickets/change-status.js";
import { createTicket } from "../tickets/create-ticket.js";
import type { WebhookPayload } from "./enqueue-webhooks.js";

let t: TestCore;
let worker: OutboxDispatcher;
beforeAll(async () => {
  t = await testCore({
    ...slaConfigInput,
    webhooks: [
      { id: "oncall", url: "https://oncall.example.org/in", events: ["sla.warning", "sla.breached"], secret: "0123456789abcdef" },
      { id: "survey", url: "https://bi.example.org/in", events: ["csat.received"], secret: "0123456789abcdef" },
    ],
  });
  worker = new OutboxDispatcher({ deps: t.deps, targets: {}, jobs: coreJobs, log: silentLogger });
});
afterAll(() => t.close());

const sent = async (endpoint: string) =>
  (await t.deps.db.selectFrom("Outbox").select("payload").where("target", "=", "webhook").orderBy("createdAt").orderBy("id").execute())
    .map((r) => JSON.parse(r.payload) as WebhookPayload)
    .filter((p) => p.endpoint === endpoint);

describe("webhooks from timers and ratings", () => {
  it("sends an SLA warning and breach when their timer fires, once each", async () => {
    const { id } = await createTicket(t.deps, { subject: "Clock", teamId: "tier1" }, as.bob);
    // The standard policy: first response in 4 business hours (13:00 with the lunch break), warned 30 minutes before.
    t.advance(4 * 3600_000 + 30 * 60_000 + 60_000);
    await worker.runOnce();
    await worker.runOnce();
    t.advance(30 * 60_000);
    await worker.runOnce();
    await worker.runOnce();
    const events = (await sent("oncall")).filter((p) => p.ticketId === id).map((p) => p.event);
    expect(events.map((e) => [e.type, e.data.metric])).toEqual([
      ["sla.warning", "first_response"],
      ["sla.breached", "first_response"],
    ]);
    expect(events[1]!.data.dueAt).toBe("2026-01-05T14:00:00.000Z");
    expect(await sent("survey")).toEqual([]);
  });

  it("sends a satisfaction rating once, with its score", async () => {
    const { id } = await createTicket(t.deps, { subject: "Rate me", requester: { email: "rater@example.org" } }, as.bob);
    await changeStatus(t.deps, { ticketId: id, statusId: "closed" }, as.bob);
    const surveyId = await sentSurvey(t, id);
    await answerSurvey(t.deps, { surveyId, score: 2, via: { kind: "link" } });
    await answerSurvey(t.deps, { surveyId, score: 5, via: { kind: "link" } }); // the first answer counts
    expect((await sent("survey")).map((p) => [p.ticketId, p.event.type, p.event.data, p.event.ticket.csatScore])).toEqual([
      [id, "csat.received", { score: 2, channel: "email" }, 2],
    ]);
  });
});
