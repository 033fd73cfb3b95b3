// SLA clocks carry their ticket's team, owner, pipeline, source and whether KPIs count it, so SLA
// met % reads the clock index alone: settling the ticket after any change keeps them.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { kpiPeriod } from "../kpis/kpi-period.js";
import { readKpis } from "../kpis/read-kpis.js";
import { claimTicket } from "../tickets/claim-ticket.js";
import { createTicket } from "../tickets/create-ticket.js";
import { deleteTicket } from "../tickets/delete-ticket.js";
import { releaseTicket } from "../tickets/release-ticket.js";
import { replyToTicket } from "../tickets/reply-to-ticket.js";
import { restoreTicket } from "../tickets/restore-ticket.js";
import { updateProperties } from "../tickets/update-properties.js";
import { as, testCore, type TestCore } from "../../test/harness.js";
import { slaConfigInput } from "../../test/sla-config.js";

let t: TestCore;
beforeEach(async () => {
  t = await testCore(slaConfigInput);
});
afterEach(() => t.close());

const clocks = (ticketId: number) =>
  t.prisma.slaClock.findMany({
    where: { ticketId },
    select: { metric: true, teamId: true, ownerId: true, pipelineId: true, source: true, counted: true },
    orderBy: { metric: "asc" },
  });

describe("the ticket's scope on its SLA clocks", () => {
  it("follows the owner, the team and deletion, and SLA met % with it", async () => {
    const { id } = await createTicket(t.deps, { subject: "printer", requester: { email: "carol@customer.test" }, teamId: "tier1" }, as.bob);
    expect(await clocks(id)).toEqual([
      { metric: "first_response", teamId: "tier1", ownerId: null, pipelineId: "support", source: "manual", counted: true },
      { metric: "resolution", teamId: "tier1", ownerId: null, pipelineId: "support", source: "manual", counted: true },
    ]);
    await claimTicket(t.deps, { ticketId: id }, as.bob);
    await t.advance(60_000);
    await replyToTicket(t.deps, { ticketId: id, text: "On it." }, as.bob);
    expect((await clocks(id)).map((c) => c.ownerId)).toEqual(["bob", "bob"]);
    const period = () => kpiPeriod("today", t.deps.now(), "UTC");
    const sla = async (teamId?: string) => (await readKpis(t.deps, as.ada, { ...period(), ...(teamId ? { teamId } : {}) })).sla;
    expect(await sla("tier1")).toMatchObject({ met: 1, missed: 0 });

    await releaseTicket(t.deps, { ticketId: id }, as.bob);
    await updateProperties(t.deps, { ticketId: id, teamId: "vip" }, as.ada);
    expect((await clocks(id)).map((c) => [c.teamId, c.ownerId])).toEqual([
      ["vip", null],
      ["vip", null],
    ]);
    expect(await sla("tier1")).toMatchObject({ met: 0 });
    expect(await sla("vip")).toMatchObject({ met: 1 });

    await deleteTicket(t.deps, { ticketId: id }, as.ada);
    expect((await clocks(id)).map((c) => c.counted)).toEqual([false, false]);
    expect(await sla()).toMatchObject({ met: 0, missed: 0 });
    await restoreTicket(t.deps, { ticketId: id }, as.ada);
    expect(await sla()).toMatchObject({ met: 1, missed: 0 });
  });
});
