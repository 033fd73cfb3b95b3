// The seconds the KPIs read, written by the use cases that set the first response and the
// resolution: in calendar time, and in the working time of the ticket's SLA calendar.
import { afterEach, describe, expect, it } from "vitest";
import { as, testCore, testConfigInput, type TestCore } from "../../test/harness.js";
import { slaConfigInput } from "../../test/sla-config.js";
import { changeStatus } from "../tickets/change-status.js";
import { createTicket } from "../tickets/create-ticket.js";
import { ingestInbound } from "../tickets/ingest-inbound.js";
import { moveTicket } from "../tickets/move-ticket.js";
import { replyToTicket } from "../tickets/reply-to-ticket.js";

let t: TestCore;
afterEach(() => t.close());

const moveTo = (iso: string) => t.advance(new Date(iso).getTime() - t.deps.now().getTime());
const times = (id: number) =>
  t.prisma.ticket.findUniqueOrThrow({
    where: { id },
    select: { firstResponseSec: true, firstResponseBizSec: true, resolutionSec: true, resolutionBizSec: true },
  });
const ticket = (priority?: "urgent") =>
  createTicket(
    t.deps,
    { subject: "printer", requester: { email: "carol@customer.test" }, teamId: "tier1", ...(priority ? { priority } : {}) },
    as.bob,
  ).then((v) => v.id);
const reply = (ticketId: number, statusId?: string) =>
  replyToTicket(t.deps, { ticketId, text: "On it.", ...(statusId ? { statusId } : {}) }, as.bob);

describe("KPI times", () => {
  it("writes the first response once and the resolution on closing, in calendar and business time", async () => {
    // Monday 2026-01-05 09:00 UTC; the office calendar works 09–12 and 13–18 on weekdays.
    t = await testCore(slaConfigInput);
    const id = await ticket();
    moveTo("2026-01-05T14:00:00Z");
    await reply(id);
    // Five hours of the clock, four of them working (the lunch hour is not).
    expect(await times(id)).toEqual({ firstResponseSec: 18_000, firstResponseBizSec: 14_400, resolutionSec: null, resolutionBizSec: null });
    moveTo("2026-01-05T16:00:00Z");
    await reply(id);
    expect((await times(id)).firstResponseSec).toBe(18_000);

    moveTo("2026-01-06T10:00:00Z");
    await changeStatus(t.deps, { ticketId: id, statusId: "resolved", properties: { resolution: "fixed" } }, as.bob);
    // 25 hours; working: Monday 8 h and Tuesday 1 h.
    expect(await times(id)).toMatchObject({ resolutionSec: 90_000, resolutionBizSec: 32_400 });

    // Resolved to Closed keeps the resolution time.
    moveTo("2026-01-06T11:00:00Z");
    await changeStatus(t.deps, { ticketId: id, statusId: "closed" }, as.bob);
    expect(await times(id)).toMatchObject({ resolutionSec: 90_000, resolutionBizSec: 32_400 });
  });

  it("keeps the resolution's seconds of the ticket as it was resolved, whatever it is set to or moved to after", async () => {
    t = await testCore(slaConfigInput);
    const id = await ticket();
    moveTo("2026-01-06T10:00:00Z");
    await changeStatus(t.deps, { ticketId: id, statusId: "resolved", properties: { resolution: "fixed" } }, as.bob);
    expect(await times(id)).toMatchObject({ resolutionSec: 90_000, resolutionBizSec: 32_400 });
    // Made urgent once resolved (a calendar-time policy, no business seconds), then closed and moved.
    await t.prisma.ticket.update({ where: { id }, data: { priority: "urgent" } });
    moveTo("2026-01-06T11:00:00Z");
    await changeStatus(t.deps, { ticketId: id, statusId: "closed" }, as.bob);
    expect(await times(id)).toMatchObject({ resolutionSec: 90_000, resolutionBizSec: 32_400 });
    await moveTicket(t.deps, { ticketId: id, pipelineId: "billing" }, as.bob);
    expect(await times(id)).toMatchObject({ resolutionSec: 90_000, resolutionBizSec: 32_400 });
  });

  it("clears the resolution when the ticket reopens and writes it again when it is resolved again", async () => {
    t = await testCore(slaConfigInput);
    const id = await ticket();
    moveTo("2026-01-05T10:00:00Z");
    await reply(id, "closed");
    expect(await times(id)).toEqual({ firstResponseSec: 3_600, firstResponseBizSec: 3_600, resolutionSec: 3_600, resolutionBizSec: 3_600 });
    moveTo("2026-01-05T11:00:00Z");
    await ingestInbound(t.deps, {
      channel: "email",
      from: { email: "carol@customer.test" },
      subject: "Re: printer",
      text: "Still broken.",
      threadKeys: { ticketNumber: id },
    });
    expect(await times(id)).toEqual({ firstResponseSec: 3_600, firstResponseBizSec: 3_600, resolutionSec: null, resolutionBizSec: null });
    moveTo("2026-01-05T15:00:00Z");
    await changeStatus(t.deps, { ticketId: id, statusId: "closed" }, as.bob);
    expect(await times(id)).toMatchObject({ resolutionSec: 21_600, resolutionBizSec: 18_000 });
  });

  it("leaves the business seconds null under a calendar-time policy and without any policy", async () => {
    t = await testCore(slaConfigInput);
    const urgent = await ticket("urgent");
    moveTo("2026-01-05T12:30:00Z");
    await reply(urgent, "closed");
    expect(await times(urgent)).toEqual({
      firstResponseSec: 12_600,
      firstResponseBizSec: null,
      resolutionSec: 12_600,
      resolutionBizSec: null,
    });
    await t.close();

    t = await testCore(testConfigInput);
    const plain = await ticket();
    moveTo("2026-01-05T09:10:00Z");
    await reply(plain);
    expect(await times(plain)).toMatchObject({ firstResponseSec: 600, firstResponseBizSec: null });
  });

  it("keeps the resolution of a closed ticket moved to another pipeline and clears it moving open", async () => {
    t = await testCore(testConfigInput);
    const id = await ticket();
    moveTo("2026-01-05T10:00:00Z");
    await changeStatus(t.deps, { ticketId: id, statusId: "closed" }, as.bob);
    moveTo("2026-01-05T12:00:00Z");
    await moveTicket(t.deps, { ticketId: id, pipelineId: "billing" }, as.bob);
    expect(await times(id)).toMatchObject({ resolutionSec: 3_600 });
    await moveTicket(t.deps, { ticketId: id, pipelineId: "support", statusId: "in_progress" }, as.bob);
    expect(await times(id)).toMatchObject({ resolutionSec: null, resolutionBizSec: null });
  });
});
