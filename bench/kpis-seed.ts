// Seeds the KPI benchmark's help desk with set-based SQL, the same statements on SQLite and
// PostgreSQL but for a few dialect helpers: tickets over two years up to `anchor` (about 85%
// resolved, first response and resolution seconds, business seconds for the calendar teams, CSAT
// ratings), then from the tickets their messages (~2 each), timeline events (~3 each), SLA clocks
// (60% of tickets, two each) and CSAT surveys (55% of resolved tickets, 40% of them answered).
// Every choice is a hash of the ticket number, so a run is reproducible.
import { calendarTeams, targets, teamIds } from "./kpis-config.js";

export interface SeedTarget {
  provider: "sqlite" | "postgresql";
  exec(sql: string): Promise<void>;
}

export interface SeedShape {
  tickets: number;
  contacts: number;
  /** The seed's "now" (epoch seconds): the last ticket is created just before it. */
  anchor: number;
}

const dialects = {
  sqlite: {
    series: (a: number, b: number) =>
      `(WITH RECURSIVE seq(i) AS (SELECT ${a} UNION ALL SELECT i + 1 FROM seq WHERE i < ${b}) SELECT i FROM seq) AS s`,
    ts: (e: string) => `strftime('%Y-%m-%dT%H:%M:%f+00:00', ${e}, 'unixepoch')`,
    epoch: (c: string) => `CAST(strftime('%s', ${c}) AS INTEGER)`,
    pad: (e: string) => `printf('%07d', ${e})`,
  },
  postgresql: {
    series: (a: number, b: number) => `generate_series(${a}, ${b}) AS s(i)`,
    ts: (e: string) => `(to_timestamp(${e}) AT TIME ZONE 'UTC')`,
    epoch: (c: string) => `CAST(EXTRACT(EPOCH FROM ${c}) AS BIGINT)`,
    pad: (e: string) => `lpad(CAST(${e} AS TEXT), 7, '0')`,
  },
};
type Dialect = (typeof dialects)["sqlite"];

// One multiplier per roll, so that rolls of one ticket are not shifted copies of each other.
const multipliers = [
  2654435761, 2246822519, 3266489917, 668265263, 374761393, 1181783497, 2870177450, 40503, 97531, 786433, 1572869, 3145739, 6291469,
  12582917, 25165843,
];
/** A roll in 0..m-1 from the ticket index `col` (0-based), independent per `k`. */
export const roll = (col: string, k: number, m: number) =>
  `((CAST(${col} AS BIGINT) * ${multipliers[k]} + ${k * 7919 + 11}) % 1000003 % ${m})`;
/** Rolls the derived tables use again: whether a ticket has SLA clocks, and whether it was surveyed. */
const SLA_ROLL = 12;
const CSAT_ROLL = 8;

const team = (e: string) => `CASE ${e} ${teamIds.map((t, i) => `WHEN ${i} THEN '${t}'`).join(" ")} END`;
const calendarTeamList = teamIds
  .slice(0, calendarTeams)
  .map((t) => `'${t}'`)
  .join(", ");

const twoYears = 730 * 86400;

/** Tickets with indexes a..b (ids a+1..b+1). */
function ticketsSql(d: Dialect, s: SeedShape, a: number, b: number): string {
  const step = Math.max(1, Math.floor(twoYears / s.tickets));
  const start = s.anchor - twoYears;
  const r = (k: number, m: number) => roll("i", k, m);
  const rolls = `SELECT i, CAST(${start} AS BIGINT) + CAST(i AS BIGINT) * ${twoYears} / ${s.tickets} + ${r(0, step)} AS c,
      ${r(1, 20)} AS tr, ${r(2, 100)} AS hr, ${r(3, 100)} AS p, ${r(4, 100)} AS q, ${r(5, 100)} AS pr, ${r(6, 100)} AS sr,
      ${r(7, 100)} AS orl, ${r(CSAT_ROLL, 100)} AS cs, ${r(9, 100)} AS sc, ${r(10, 1000)} AS rare, ${r(11, s.contacts)} AS ct,
      ${r(SLA_ROLL, 100)} AS sla, ${r(13, 48)} AS cw, ${r(14, 100)} AS pl
    FROM ${d.series(a, b)}`;
  const times = `SELECT l0.*, CASE WHEN tr < 2 THEN -1 ELSE (tr - 2) % ${teamIds.length} END AS tm,
      120 + p * p * p * 3 / 100 AS frs, 720 + p * p * p * 3 / 100 + q * q * q / 4 AS rs
    FROM (${rolls}) l0`;
  const flags = `SELECT l1.*, (hr < 86 AND c + rs <= ${s.anchor}) AS resolved, (hr < 95 AND c + frs <= ${s.anchor}) AS responded,
      (hr < 86 AND rare >= 5 AND c + rs <= ${s.anchor} AND cs < 22 AND c + rs + 1800 + cw * 1800 <= ${s.anchor}) AS answered,
      c + rs + 1800 + cw * 1800 AS ca, tm BETWEEN 0 AND ${calendarTeams - 1} AS biz
    FROM (${times}) l1`;
  return `INSERT INTO "Ticket" (id, subject, "pipelineId", "statusId", open, quarantined, priority, "ownerId", "teamId", source,
      "contactId", properties, "createdAt", "updatedAt", "firstResponseAt", "resolvedAt", "closedAt", "deletedAt", "slaDueAt",
      "firstResponseSec", "firstResponseBizSec", "resolutionSec", "resolutionBizSec", "csatScore", "csatAt")
    SELECT i + 1,
      CASE pr % 4 WHEN 0 THEN 'Order ' || (100000 + i) || ' has not arrived' WHEN 1 THEN 'Invoice ' || (5000 + i % 9000) || ' is wrong'
        WHEN 2 THEN 'Cannot sign in to my account' ELSE 'Question about plan ' || (i % 12) END,
      CASE WHEN pl < 15 THEN 'returns' ELSE 'support' END,
      CASE WHEN resolved AND c + rs + 604800 <= ${s.anchor} THEN 'closed' WHEN resolved THEN 'resolved'
        WHEN NOT responded THEN 'new' WHEN hr < 90 THEN 'in_progress' WHEN hr < 93 THEN 'waiting_on_customer' ELSE 'escalated' END,
      NOT resolved, rare BETWEEN 5 AND 7,
      CASE WHEN pr < 20 THEN 'low' WHEN pr < 70 THEN 'medium' WHEN pr < 94 THEN 'high' ELSE 'urgent' END,
      CASE WHEN NOT responded AND orl < 60 THEN NULL WHEN tm >= 0 THEN ${team("tm")} || '-agent-' || (orl % 4)
        ELSE ${team(`orl % ${teamIds.length}`)} || '-agent-' || (orl / ${teamIds.length} % 4) END,
      ${team("tm")},
      CASE WHEN sr < 45 THEN 'email' WHEN sr < 65 THEN 'form' WHEN sr < 80 THEN 'slack' WHEN sr < 92 THEN 'discord' ELSE 'manual' END,
      'c' || ${d.pad("ct")}, '{}',
      ${d.ts("c")},
      ${d.ts("CASE WHEN resolved THEN c + rs WHEN responded THEN c + frs ELSE c END")},
      CASE WHEN responded THEN ${d.ts("c + frs")} END,
      CASE WHEN resolved THEN ${d.ts("c + rs")} END,
      CASE WHEN resolved AND c + rs + 604800 <= ${s.anchor} THEN ${d.ts("c + rs + 604800")} END,
      CASE WHEN rare < 5 THEN ${d.ts("c + 60")} END,
      CASE WHEN NOT resolved AND sla < 60 THEN ${d.ts(`c + CASE WHEN responded THEN ${targets.resolution} ELSE ${targets.firstResponse} END`)} END,
      CASE WHEN responded THEN frs END, CASE WHEN responded AND biz THEN frs * 40 / 100 END,
      CASE WHEN resolved THEN rs END, CASE WHEN resolved AND biz THEN rs * 30 / 100 END,
      CASE WHEN answered THEN CASE WHEN sc < 5 THEN 1 WHEN sc < 12 THEN 2 WHEN sc < 25 THEN 3 WHEN sc < 55 THEN 4 ELSE 5 END END,
      CASE WHEN answered THEN ${d.ts("ca")} END
    FROM (${flags}) l2`;
}

function contactsSql(d: Dialect, s: SeedShape): string {
  return `INSERT INTO "Contact" (id, email, "emailHash", name, locale, "createdAt")
    SELECT 'c' || ${d.pad("i")}, 'customer' || i || '@example' || (i % 500) || '.com', 'seed' || ${d.pad("i")},
      'Customer ' || i, CASE WHEN i % 7 = 0 THEN 'ja' ELSE 'en' END, ${d.ts(String(s.anchor - twoYears - 86400))}
    FROM ${d.series(0, s.contacts - 1)}`;
}

/** Messages, events, clocks and surveys of tickets with ids a..b. */
function derivedSql(d: Dialect, s: SeedShape, a: number, b: number): string[] {
  const of = `FROM "Ticket" t WHERE t.id BETWEEN ${a} AND ${b}`;
  const id = (prefix: string, suffix: string) => `'${prefix}' || ${d.pad("t.id")} || '${suffix}'`;
  const messages = `INSERT INTO "Message" (id, "ticketId", kind, "authorAgentId", "authorContactId", text, channel, "createdAt")
      SELECT ${id("m", "a")}, t.id, 'INBOUND', NULL, t."contactId", 'Hello, ' || t.subject || '. Could you have a look? Thanks.', t.source, t."createdAt" ${of}
    UNION ALL
      SELECT ${id("m", "b")}, t.id, 'REPLY', COALESCE(t."ownerId", 'admin'), NULL, 'Thanks for writing. We have looked into it and fixed it on our side.', t.source, t."firstResponseAt"
      ${of} AND t."firstResponseAt" IS NOT NULL
    UNION ALL
      SELECT ${id("m", "c")}, t.id, 'INBOUND', NULL, t."contactId", 'That worked, thank you!', t.source, t."resolvedAt"
      ${of} AND t."resolvedAt" IS NOT NULL AND t.id % 4 = 0`;
  const events = `INSERT INTO "TimelineEvent" (id, "ticketId", "actorType", "actorId", type, data, "createdAt")
      SELECT ${id("e", "a")}, t.id, 'contact', t."contactId", 'ticket.created', '{"source":"' || t.source || '"}', t."createdAt" ${of}
    UNION ALL
      SELECT ${id("e", "b")}, t.id, 'agent', COALESCE(t."ownerId", 'admin'), 'message.replied', '{}', t."firstResponseAt"
      ${of} AND t."firstResponseAt" IS NOT NULL
    UNION ALL
      SELECT ${id("e", "c")}, t.id, 'agent', COALESCE(t."ownerId", 'admin'), 'ticket.status_changed',
        '{"from":"in_progress","to":"' || t."statusId" || '"}', t."resolvedAt" ${of} AND t."resolvedAt" IS NOT NULL
    UNION ALL
      SELECT ${id("e", "d")}, t.id, 'contact', t."contactId", 'csat.received', '{"score":' || t."csatScore" || '}', t."csatAt"
      ${of} AND t."csatAt" IS NOT NULL`;
  const clock = (metric: string, target: number, endedAt: string, usedSec: string, usedBizSec: string) => {
    const due = `${d.epoch('t."createdAt"')} + ${target}`;
    const used = `CASE WHEN t."teamId" IN (${calendarTeamList}) THEN t."${usedBizSec}" ELSE t."${usedSec}" END`;
    const met = `(t."${endedAt}" IS NOT NULL)`;
    return `SELECT t.id, '${metric}', CASE WHEN t."teamId" IN (${calendarTeamList}) THEN 'business' ELSE 'around-the-clock' END,
        CASE t."teamId" WHEN 'japan' THEN 'tokyo' WHEN 'billing' THEN 'london' WHEN 'technical' THEN 'london' END,
        t."createdAt", ${target}, ${(target * 3) / 4}, COALESCE(${used}, 0),
        CASE WHEN NOT ${met} AND t."statusId" <> 'waiting_on_customer' THEN t."createdAt" END,
        ${d.ts(due)}, ${d.ts(`${due} - ${target / 4}`)},
        CASE WHEN (${met} AND ${used} > ${(target * 3) / 4}) OR (NOT ${met} AND ${due} - ${target / 4} <= ${s.anchor}) THEN ${d.ts(`${due} - ${target / 4}`)} END,
        CASE WHEN (${met} AND ${used} > ${target}) OR (NOT ${met} AND ${due} <= ${s.anchor}) THEN ${d.ts(due)} END,
        t."${endedAt}",
        CASE WHEN ${met} THEN 'met' WHEN t."statusId" = 'waiting_on_customer' THEN 'paused' ELSE 'running' END,
        t."teamId", t."ownerId", t."pipelineId", t.source, (t."mergedIntoId" IS NULL AND t.quarantined = false)
      ${of} AND t."deletedAt" IS NULL AND ${roll("t.id - 1", SLA_ROLL, 100)} < 60`;
  };
  const clocks = `INSERT INTO "SlaClock" ("ticketId", metric, policy, calendar, "startedAt", "targetSec", "warnSec", "usedSec",
      "runningSince", "dueAt", "warnAt", "warnedAt", "breachedAt", "metAt", state, "teamId", "ownerId", "pipelineId", source, counted)
      ${clock("first_response", targets.firstResponse, "firstResponseAt", "firstResponseSec", "firstResponseBizSec")}
    UNION ALL
      ${clock("resolution", targets.resolution, "resolvedAt", "resolutionSec", "resolutionBizSec")}`;
  const sent = `${d.epoch('t."resolvedAt"')} + 600`;
  const surveys = `INSERT INTO "CsatSurvey" (id, "ticketId", "contactId", channel, locale, "sentAt", "expiresAt", score, comment, "answeredAt", "commentedAt")
    SELECT ${id("s", "")}, t.id, t."contactId", CASE WHEN t.source IN ('slack', 'discord') THEN t.source ELSE 'email' END,
      CASE WHEN t."teamId" = 'japan' THEN 'ja' ELSE 'en' END, ${d.ts(sent)}, ${d.ts(`${sent} + 14 * 86400`)},
      t."csatScore", CASE WHEN t."csatScore" IS NOT NULL AND t.id % 5 = 0 THEN 'Quick and clear, thanks.' END, t."csatAt",
      CASE WHEN t."csatScore" IS NOT NULL AND t.id % 5 = 0 THEN t."csatAt" END
    ${of} AND t."resolvedAt" IS NOT NULL AND t."deletedAt" IS NULL AND ${roll("t.id - 1", CSAT_ROLL, 100)} < 55 AND ${sent} <= ${s.anchor}`;
  // As core/csat/send-survey.ts does: the ticket carries when its survey was sent.
  const surveyed = `UPDATE "Ticket" SET "csatSentAt" = (SELECT s."sentAt" FROM "CsatSurvey" s WHERE s."ticketId" = "Ticket".id)
    WHERE id BETWEEN ${a} AND ${b} AND id IN (SELECT s."ticketId" FROM "CsatSurvey" s WHERE s."ticketId" BETWEEN ${a} AND ${b})`;
  return [messages, events, clocks, surveys, surveyed];
}

/** Fills an empty, migrated database with the shape; logs each table's time. */
export async function seedKpiData(target: SeedTarget, s: SeedShape, log: (line: string) => void): Promise<void> {
  const d = dialects[target.provider];
  const batch = 100_000;
  const timed = async (what: string, run: () => Promise<void>) => {
    const t0 = performance.now();
    await run();
    log(`${what} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  };
  await timed(`${s.contacts} contacts`, () => target.exec(contactsSql(d, s)));
  await timed(`${s.tickets} tickets`, async () => {
    for (let a = 0; a < s.tickets; a += batch) await target.exec(ticketsSql(d, s, a, Math.min(s.tickets, a + batch) - 1));
  });
  await timed("messages, timeline events, SLA clocks and CSAT surveys", async () => {
    for (let a = 1; a <= s.tickets; a += batch) {
      for (const q of derivedSql(d, s, a, Math.min(s.tickets, a + batch - 1))) await target.exec(q);
    }
  });
}
