// Tickets with known times for the KPI tests, written straight into the database (through the
// tests' own Prisma reader), so each figure can be worked out by hand.
//
// Period: 2026-03-06..2026-03-12 in New York (team tier1's zone), across the change to summer time
// on 2026-03-08. Six tier1/unteamed tickets:
//   #  created (UTC)        first response   resolution    notes
//   1  03-06 06:00 (6th)    600 s            3000 s        owner bob, CSAT 5, SLA met
//   2  03-06 20:00 (6th)    1800 s           7200 s        owner bob, CSAT 4, SLA missed
//   3  03-07 04:30 (6th NY) 3600 s           18000 s       pipeline billing, CSAT 2, SLA met
//   4  03-08 04:30 (7th NY) 7200 s           36000 s       source form
//   5  03-09 04:30 (9th NY) 18000 s          172800 s      00:30 EDT; 23:30 the 8th if counted in EST
//   6  03-10 12:00 (10th)   90000 s          unresolved    no team
// Besides: one VIP ticket in the period (SLA met), and a deleted, a merged and a quarantined tier1
// ticket that nothing counts.
import type { TestCore } from "../../../test/harness.js";
import { testConfigInput } from "../../../test/harness.js";

export const kpiConfig = {
  ...testConfigInput,
  teams: [
    { id: "tier1", name: "Tier 1", timeZone: "America/New_York" },
    { id: "vip", name: "VIP" },
  ],
};

export const newYork = "America/New_York";

const at = (iso: string) => new Date(`2026-${iso}:00.000Z`);
const plus = (d: Date, sec: number) => new Date(d.getTime() + sec * 1000);

interface Seed {
  created: string;
  frt?: number;
  frtBiz?: number;
  res?: number;
  team?: string | null;
  owner?: string;
  pipeline?: string;
  source?: string;
  csat?: number;
  extra?: Record<string, unknown>;
}

export const seeds: Seed[] = [
  { created: "03-06T06:00", frt: 600, frtBiz: 600, res: 3000, owner: "bob", csat: 5 },
  { created: "03-06T20:00", frt: 1800, frtBiz: 0, res: 7200, owner: "bob", csat: 4 },
  { created: "03-07T04:30", frt: 3600, res: 18000, pipeline: "billing", csat: 2 },
  { created: "03-08T04:30", frt: 7200, res: 36000, source: "form" },
  { created: "03-09T04:30", frt: 18000, res: 172800 },
  { created: "03-10T12:00", frt: 90000, team: null },
];

/** Writes the fixture; returns the ids of the six tickets, in order, and the VIP ticket's. */
export async function seedKpis(t: TestCore): Promise<{ ids: number[]; vip: number }> {
  const p = t.prisma;
  const contact = await p.contact.create({ data: { email: "kpi@example.test", name: "Kim" } });
  const ticket = async (s: Seed) => {
    const created = at(s.created);
    const row = await p.ticket.create({
      data: {
        subject: `Case ${s.created}`,
        pipelineId: s.pipeline ?? "support",
        statusId: s.res !== undefined ? (s.pipeline === "billing" ? "done" : "resolved") : s.pipeline === "billing" ? "open" : "new",
        open: s.res === undefined,
        teamId: s.team === undefined ? "tier1" : s.team,
        ownerId: s.owner ?? null,
        source: s.source ?? "email",
        contactId: contact.id,
        createdAt: created,
        updatedAt: created,
        firstResponseAt: s.frt !== undefined ? plus(created, s.frt) : null,
        firstResponseSec: s.frt ?? null,
        firstResponseBizSec: s.frtBiz ?? null,
        resolvedAt: s.res !== undefined ? plus(created, s.res) : null,
        resolutionSec: s.res ?? null,
        csatScore: s.csat ?? null,
        csatAt: s.csat !== undefined ? at("03-11T12:00") : null,
        ...s.extra,
      },
    });
    return row.id;
  };
  const ids: number[] = [];
  for (const s of seeds) ids.push(await ticket(s));
  const vip = await ticket({ created: "03-07T12:00", frt: 100, res: 200, team: "vip", csat: 1 });
  const primary = ids[0] ?? 0;
  await ticket({ created: "03-06T12:00", frt: 5, res: 5, extra: { deletedAt: at("03-07T00:00") } });
  await ticket({ created: "03-06T13:00", frt: 5, res: 5, extra: { mergedIntoId: primary } });
  await ticket({ created: "03-06T14:00", extra: { quarantined: true } });

  // Surveys: the first four tickets' requesters asked in the period, three answered.
  for (const [i, id] of ids.slice(0, 4).entries()) {
    await p.csatSurvey.create({
      data: {
        ticketId: id,
        contactId: contact.id,
        channel: "email",
        locale: "en",
        sentAt: at("03-10T12:00"),
        expiresAt: at("03-24T12:00"),
        score: i < 3 ? (seeds[i]?.csat ?? null) : null,
        answeredAt: i < 3 ? at("03-11T12:00") : null,
      },
    });
    // As sending it does (core/csat/send-survey.ts).
    await p.ticket.update({ where: { id }, data: { csatSentAt: at("03-10T12:00") } });
  }
  // SLA: #1 met in time, #2 met late, #3's resolution met in time; the VIP ticket's met in time.
  const clock = async (ticketId: number, metric: string, metAt: Date, breachedAt: Date | null) =>
    p.slaClock.create({
      data: {
        ...(await clockScopeOf(t, ticketId)),
        ticketId,
        metric,
        policy: "std",
        startedAt: at("03-06T00:00"),
        targetSec: 3600,
        warnSec: 2700,
        state: "met",
        metAt,
        breachedAt,
      },
    });
  await clock(ids[0] ?? 0, "first_response", at("03-06T06:10"), null);
  await clock(ids[1] ?? 0, "first_response", at("03-06T20:30"), at("03-06T20:20"));
  await clock(ids[2] ?? 0, "resolution", at("03-07T09:30"), null);
  await clock(vip, "first_response", at("03-07T12:01"), null);
  // Before the period: not counted.
  await clock(ids[3] ?? 0, "first_response", at("03-01T00:00"), null);
  return { ids, vip };
}

/** What a clock carries of its ticket, as core/sla/clocks.ts writes it: its scope for SLA met %. */
export async function clockScopeOf(t: TestCore, ticketId: number) {
  const ticket = await t.prisma.ticket.findUniqueOrThrow({ where: { id: ticketId } });
  return {
    teamId: ticket.teamId,
    ownerId: ticket.ownerId,
    pipelineId: ticket.pipelineId,
    source: ticket.source,
    counted: !ticket.deletedAt && ticket.mergedIntoId === null && !ticket.quarantined,
  };
}
