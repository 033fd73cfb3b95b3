// The survey in workflows: sent by the shipped example a day after resolution (and said why not in
// the run when skipped), and a low rating setting off a workflow that tells the admins.
import { afterEach, describe, expect, it } from "vitest";
import { shippedWorkflows } from "../workflows/workflow-config.js";
import { silentLogger } from "../log.js";
import { OutboxDispatcher } from "../outbox/dispatcher.js";
import { coreJobs } from "../jobs/core-jobs.js";
import type { TestCore } from "../../test/harness.js";
import { closedTicket, csatCore, day, outboxRows, sentSurvey } from "../../test/csat-kit.js";
import { answerSurvey } from "./answer-survey.js";

let t: TestCore;
afterEach(() => t?.close());
const link = { kind: "link" } as const;

const runs = (workflow: string) =>
  t.prisma.workflowRun
    .findMany({ where: { workflow }, orderBy: { createdAt: "asc" } })
    .then((rs) => rs.map((r) => ({ ticketId: r.ticketId, outcome: r.outcome, detail: JSON.parse(r.detail) as Record<string, unknown> })));

describe("the survey in workflows", () => {
  it("the shipped example, turned on, surveys the requester a day after resolution, once; a skip is said in the run", async () => {
    const example = shippedWorkflows.find((w) => w.id === "survey-after-resolution")!;
    t = await csatCore({ workflows: [{ ...example, enabled: true }] });
    const worker = new OutboxDispatcher({ deps: t.deps, targets: {}, jobs: coreJobs, log: silentLogger });
    const tickets = [await closedTicket(t), await closedTicket(t)];
    await worker.runOnce();
    expect(await t.prisma.csatSurvey.count()).toBe(0);
    t.advance(day);
    await worker.runOnce();
    // One requester, two tickets resolved at once: one survey, the other ticket within the cooldown.
    const surveys = await t.prisma.csatSurvey.findMany();
    expect(surveys).toHaveLength(1);
    const id = surveys[0]!.ticketId;
    const again = tickets.find((x) => x !== id);
    expect(await outboxRows(t, "csat.email")).toEqual([expect.objectContaining({ payload: { surveyId: surveys[0]!.id, ticketId: id } })]);
    const made = await runs("survey-after-resolution");
    expect(made).toContainEqual({
      ticketId: id,
      outcome: "done",
      detail: expect.objectContaining({
        actions: [{ do: "send_survey", outcome: "done", detail: { surveyId: surveys[0]!.id, channel: "email" } }],
      }),
    });
    expect(made).toContainEqual({
      ticketId: again,
      outcome: "done",
      detail: expect.objectContaining({ actions: [{ do: "send_survey", outcome: "unchanged", detail: { reason: "cooldown" } }] }),
    });
    // A replayed timer (the job fired again) sends nothing twice.
    t.advance(day);
    await worker.runOnce();
    expect(await t.prisma.csatSurvey.count()).toBe(1);
    const events = await t.prisma.timelineEvent.findMany({ where: { ticketId: id, type: "csat.sent" } });
    expect(JSON.parse(events[0]!.data)).toMatchObject({ workflow: "survey-after-resolution" });
  });

  it("a low rating sets off a csat_received workflow filtered by atMost, with the rating in its text; a good one does not", async () => {
    t = await csatCore({
      workflows: [
        {
          id: "low-rating",
          name: "Low rating",
          trigger: { on: "csat_received", atMost: 2 },
          actions: [{ do: "notify", to: "admins", text: "{requester} rated {number} {rating} of 5" }],
        },
        {
          id: "top-rating",
          name: "Top rating",
          trigger: { on: "csat_received", scores: [5] },
          actions: [{ do: "add_note", text: "Top marks" }],
        },
      ],
    });
    const low = await closedTicket(t);
    const good = await closedTicket(t, { requester: { email: "dan@customer.test" } });
    await answerSurvey(t.deps, { surveyId: await sentSurvey(t, low), score: 1, via: link });
    await answerSurvey(t.deps, { surveyId: await sentSurvey(t, good), score: 4, via: link });
    expect(await runs("low-rating")).toEqual([
      { ticketId: low, outcome: "done", detail: expect.objectContaining({ trigger: "csat_received" }) },
    ]);
    expect(await runs("top-rating")).toEqual([]);
    const told = (await outboxRows(t, "agents.notify")).filter((r) => r.payload.reason === "workflow");
    expect(told).toEqual([expect.objectContaining({ payload: expect.objectContaining({ agentIds: ["ada"] }) })]);
    // The text in the help desk's language (or in each language), its {rating} filled in.
    const text = told[0]!.payload.text;
    expect(typeof text === "string" ? text : (text as Record<string, string>).en).toBe(`Carol rated #${low} 1 of 5`);
  });
});
