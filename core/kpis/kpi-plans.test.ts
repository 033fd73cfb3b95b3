// Every KPI query reads a range of a period index, whatever the reader and filter: the query plans
// SQLite makes for them (it has no statistics, so an equality on any indexed column tempts it, e.g.
// "not merged" on the mergedIntoId index, which holds nearly every ticket). PostgreSQL plans by its
// statistics; bench/kpis.ts measures it at a million tickets.
import Database from "better-sqlite3";
import { Kysely } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openSqliteConnection, registerSqliteFunctions, sqliteTimestamp } from "../../bot/db/sqlite-connection.js";
import { GroupCommitSqliteDialect } from "../../bot/db/sqlite-driver.js";
import { as, testCore, testProvider, type TestCore } from "../../test/harness.js";
import type { Db, DB } from "../db.js";
import { kpiTickets } from "./kpi-tickets.js";
import { kpiFigureNames, type KpiFilter } from "./kpi-types.js";
import { readKpis } from "./read-kpis.js";
import { kpiConfig, seedKpis } from "./testing/kpi-fixture.js";

let t: TestCore;
beforeEach(async () => {
  t = await testCore(kpiConfig);
  await seedKpis(t);
});
afterEach(() => t.close());

/** An index that serves a period: by creation, first response, resolution, rating, survey, SLA target met or breached. */
const periodIndex =
  /USING (COVERING )?INDEX (Ticket_(createdAt|firstResponseAt|resolvedAt|csatAt|csatSentAt)_kpi_idx|SlaClock_(metAt|breachedAt)_kpi_idx) \(.*(createdAt|firstResponseAt|resolvedAt|csatAt|csatSentAt|metAt|breachedAt)>\? AND/;

describe.runIf(testProvider === "sqlite")("KPI query plans on SQLite", () => {
  it("read the tickets, surveys and SLA clocks of the period through a period index", async () => {
    const target = t.database.target;
    if (target.provider !== "sqlite") return;
    const seen: { sql: string; parameters: readonly unknown[] }[] = [];
    const overview = new Set<(typeof seen)[number]>();
    const logged = new Kysely<DB>({
      dialect: new GroupCommitSqliteDialect(openSqliteConnection(target.file)),
      log: (e) => void (e.level === "query" && seen.push(e.query)),
    }) as Db;
    const deps = { ...t.deps, db: logged };
    const period: KpiFilter = { from: new Date("2026-03-06T00:00:00Z"), to: new Date("2026-03-13T00:00:00Z") };
    const after = Buffer.from(JSON.stringify(["2026-03-06T12:00:00.000Z", 1])).toString("base64url");
    for (const actor of [as.ada, as.bob]) {
      for (const filter of [
        period,
        { ...period, teamId: "tier1" },
        { ...period, teamId: null, agentId: "bob", source: "email" as const },
      ]) {
        const before = seen.length;
        await readKpis(deps, actor, filter);
        for (const q of seen.slice(before)) overview.add(q);
        for (const figure of kpiFigureNames) await kpiTickets(deps, actor, filter, { figure, after });
      }
    }
    await logged.destroy();

    const raw = new Database(target.file, { readonly: true });
    registerSqliteFunctions(raw);
    const reads = seen.filter((q) => /from "(Ticket|SlaClock|CsatSurvey)"/.test(q.sql));
    expect(reads.length).toBeGreaterThan(50);
    let lists = 0;
    let laterPages = 0;
    for (const q of reads) {
      const params = q.parameters.map((p) => (p instanceof Date ? sqliteTimestamp(p) : typeof p === "boolean" ? Number(p) : p));
      const plan = (raw.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...params) as { detail: string }[]).map((r) => r.detail);
      // The table a query starts from is read by a period range (both branches of a team OR);
      // the others only by their primary keys.
      const reading = plan.filter((d) => /^(SCAN|SEARCH) (t|s|c)\b/.test(d));
      expect(reading.length, q.sql).toBeGreaterThan(0);
      for (const d of reading) expect(d, `${d}\n${q.sql}`).toMatch(new RegExp(`${periodIndex.source}|PRIMARY KEY`));
      // The overview's figures come from the period index's entries alone, never the table's rows.
      if (overview.has(q) && /from "Ticket"/.test(q.sql)) for (const d of reading) expect(d, q.sql).toMatch(/USING COVERING INDEX/);
      expect(
        reading.some((d) => periodIndex.test(d)),
        `${plan.join(" | ")}\n${q.sql}`,
      ).toBe(true);
      // A figure's list is read in the index's own (time, ticket number) order, never sorted.
      if (/^select .* from "Ticket" as "t" .* order by "t"\."\w+", "t"\."id"/.test(q.sql)) {
        lists++;
        expect(plan.join(" | "), q.sql).not.toMatch(/TEMP B-TREE/);
      }
      // A later page's range starts at its position's time, not the period's start: SQLite
      // starts the index range at one bound and would filter its way to the position.
      if (/"(t"\."id"\) > \(\?, \?\)|c"\."ticketId" > \?)/.test(q.sql)) {
        laterPages++;
        expect(q.parameters, q.sql).toContainEqual(new Date("2026-03-06T12:00:00.000Z"));
        expect(q.parameters, q.sql).not.toContainEqual(period.from);
      }
    }
    expect(lists).toBeGreaterThan(10);
    expect(laterPages).toBeGreaterThan(10);
    raw.close();
  });
});
