import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testCore, type TestCore } from "../../test/harness.js";
import { medianAndP90, readRanks } from "./kpi-ranks.js";
import { kpiConfig } from "./testing/kpi-fixture.js";

describe("medianAndP90", () => {
  it("takes the middle value of an odd count and the mean of the two middle ones of an even count", () => {
    expect(medianAndP90(Float64Array.from([5, 1, 3]))?.[0]).toBe(3);
    expect(medianAndP90(Float64Array.from([4, 1, 3, 2]))?.[0]).toBe(2.5);
  });

  it("takes the 90th percentile by nearest rank", () => {
    const ten = Float64Array.from([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(medianAndP90(ten)?.[1]).toBe(9);
    const eleven = Float64Array.from([11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(medianAndP90(eleven)?.[1]).toBe(10);
    expect(medianAndP90(Float64Array.from([42]))).toEqual([42, 42]);
  });

  it("gives nothing for no values", () => {
    expect(medianAndP90(new Float64Array(0))).toBeNull();
    expect(readRanks(null)).toEqual({ median: null, p90: null });
  });
});

describe("kpi_ranks in the database", () => {
  let t: TestCore;
  beforeEach(async () => {
    t = await testCore(kpiConfig);
  });
  afterEach(() => t.close());

  const ranksOf = async (values: (number | null)[]) => {
    const rows = values.map((v) => (v === null ? sql`select cast(null as integer) as x` : sql`select ${sql.lit(v)} as x`));
    const r = await sql<{ r: unknown }>`select kpi_ranks(v.x) as r from (${sql.join(rows, sql` union all `)}) as v`.execute(t.deps.db);
    return readRanks(r.rows[0]?.r);
  };

  it("agrees with the definition on this provider, skipping nulls", async () => {
    // More values than the collector's first block, in no order.
    const values = Array.from({ length: 2500 }, (_, i) => (i * 7919) % 10007);
    const expected = medianAndP90(Float64Array.from(values))!;
    const r = await sql<{ r: unknown }>`with recursive s(i) as (select 0 union all select i + 1 from s where i < 2499)
      select kpi_ranks(case when i % 1000 = 999 then null else (i * 7919) % 10007 end) as r from s`.execute(t.deps.db);
    const withoutNulls = values.filter((_, i) => i % 1000 !== 999);
    const [median, p90] = medianAndP90(Float64Array.from(withoutNulls))!;
    expect(readRanks(r.rows[0]?.r)).toEqual({ median, p90 });
    expect(median).not.toBe(expected[0]);
    expect(await ranksOf([3, 1, 4, 1])).toEqual({ median: 2, p90: 4 });
  });

  it("is null over no values", async () => {
    expect(await ranksOf([null])).toEqual({ median: null, p90: null });
  });
});
