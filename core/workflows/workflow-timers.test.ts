// Workflows set off by time: a time after creation, delays in business hours, SLA warnings and
// breaches.
import { describe, expect, it } from "vitest";
import { slaConfigInput } from "../../test/sla-config.js";
import { hour, outbox, start, startWith, t, ticket, worker } from "./testing/workflow-core.js";

describe("workflows on time and SLA alerts", () => {
  it("a time after creation, and a delay counted in business hours", async () => {
    await start([
      {
        id: "day-old",
        name: "Day old",
        trigger: { on: "time_after", event: "created", after: "1d" },
        actions: [
          { do: "add_note", text: "a day old" },
          { do: "add_note", text: "two business hours later", delay: "2h", delayHours: "business" },
        ],
      },
    ]);
    // Monday 17:00: the office closes at 18:00.
    t.advance(8 * hour);
    const id = await ticket();
    t.advance(24 * hour);
    await worker.runOnce();
    // Tuesday 17:00: one business hour today, the second on Thursday 09:00–10:00 (Wednesday is a holiday).
    const step = await t.prisma.outbox.findFirstOrThrow({ where: { key: `wf:day-old:${id}:step:1` } });
    expect(step.nextAttemptAt).toEqual(new Date("2026-01-08T10:00:00Z"));
    t.advance(41 * hour);
    await worker.runOnce();
    const texts = (await t.prisma.message.findMany({ where: { ticketId: id, kind: "COMMENT" }, orderBy: { createdAt: "asc" } })).map(
      (m) => m.text,
    );
    expect(texts).toEqual(["a day old", "two business hours later"]);
  });

  it("on an SLA warning, for the metrics it names", async () => {
    await startWith({
      ...slaConfigInput,
      workflows: [
        {
          id: "warned",
          name: "W",
          trigger: { on: "sla_warning", metrics: ["first_response"] },
          actions: [{ do: "add_note", text: "{number} is close" }],
        },
        {
          id: "res-warned",
          name: "R",
          trigger: { on: "sla_warning", metrics: ["resolution"] },
          actions: [{ do: "add_note", text: "resolution close" }],
        },
      ],
    });
    const id = await ticket();
    // First response warns at 13:30.
    t.advance(4.5 * hour);
    await worker.runOnce();
    const texts = (await t.prisma.message.findMany({ where: { ticketId: id, kind: "COMMENT" } })).map((m) => m.text);
    expect(texts).toEqual([`#${id} is close`]);
  });

  it("on an SLA breach, notifies the team", async () => {
    await startWith({
      ...slaConfigInput,
      workflows: [
        {
          id: "breach",
          name: "B",
          trigger: { on: "sla_breach", metrics: ["first_response"] },
          actions: [{ do: "notify", to: "team", text: "{number} breached" }],
        },
      ],
    });
    const id = await ticket();
    // First response due 14:00.
    t.advance(5 * hour);
    await worker.runOnce();
    await worker.runOnce();
    expect((await outbox("agents.notify")).filter((n) => n.reason === "workflow")).toEqual([
      expect.objectContaining({ ticketId: id, agentIds: ["bob", "cy"], text: { en: `#${id} breached`, ja: `#${id} breached` } }),
    ]);
  });
});
