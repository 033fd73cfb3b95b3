import { sql, type RawBuilder } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testCore, type TestCore } from "../../test/harness.js";
import { durationAggregates, durationPair } from "./kpi-durations.js";
import { medianAndP90, readDistribution } from "./kpi-ranks.js";
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
    expect(readDistribution(null)).toBeNull();
  });

  it("agrees with sorting, duplicates and all", () => {
    let seed = 7;
    const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (const n of [1, 2, 3, 10, 11, 100, 1001, 5000]) {
      const values = Float64Array.from({ length: n }, () => Math.floor(rand() * rand() * 500));
      const sorted = values.slice().sort();
      const median = n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
      expect(medianAndP90(values)).toEqual([median, sorted[Math.ceil(0.9 * n) - 1]]);
    }
  });
});

describe("a duration distribution in the database", () => {
  let t: TestCore;
  beforeEach(async () => {
    t = await testCore(kpiConfig);
  });
  afterEach(() => t.close());

  /**
   * What `durationAggregates` gives over the rows of `values` (a query of one column, x) on this
   * provider: x as the calendar column and twice x as its business-hours pair, taken in one pass.
   */
  const distributionsOver = async (values: RawBuilder<unknown>) => {
    const selections = durationAggregates(t.deps.db, "t.firstResponseSec", "t.firstResponseBizSec");
    const r = await sql<Record<string, unknown>>`with recursive s(i) as (select 0 union all select i + 1 from s where i < 2499)
      select ${sql.join(selections)} from (select v.x as "firstResponseSec", v.x * 2 as "firstResponseBizSec" from (${values}) as v) as t`.execute(
      t.deps.db,
    );
    return durationPair(r.rows[0]);
  };
  const distributionOver = async (values: RawBuilder<unknown>) => (await distributionsOver(values)).cal;
  const distributionOf = (values: (number | null)[]) =>
    distributionOver(
      sql.join(
        values.map((v) => (v === null ? sql`select cast(null as integer) as x` : sql`select ${sql.lit(v)} as x`)),
        sql` union all `,
      ),
    );

  it("agrees with the definition on this provider, skipping nulls", async () => {
    // More values than the collector's first block, in no order, spread over every bucket.
    const values = Array.from({ length: 2500 }, (_, i) => (i % 1000 === 999 ? null : ((i * 7919) % 10007) * 40));
    const present = values.filter((v): v is number => v !== null);
    const [median, p90] = medianAndP90(Float64Array.from(present))!;
    const d = await distributionOver(sql`select case when i % 1000 = 999 then null else ((i * 7919) % 10007) * 40 end as x from s`);
    expect(d).toMatchObject({ count: present.length, median, p90 });
    expect(d.mean).toBeCloseTo(present.reduce((s, v) => s + v, 0) / present.length, 6);
    const bounds = [3_600, 14_400, 28_800, 86_400, 259_200, Infinity];
    expect(d.buckets.map((b) => b.count)).toEqual(
      bounds.map((b, i) => present.filter((v) => v < b && (i === 0 || v >= bounds[i - 1]!)).length),
    );
    expect(await distributionOf([3, 1, 4, 1])).toMatchObject({ count: 4, mean: 2.25, median: 2, p90: 4 });
  });

  it("gives the pair column its own distribution from the same pass", async () => {
    const { cal, biz } = await distributionsOver(sql`select ${sql.lit(5000)} as x union all select 1000 union all select null`);
    expect(cal).toMatchObject({ count: 2, mean: 3000, median: 3000, p90: 5000 });
    expect(biz).toMatchObject({ count: 2, mean: 6000, median: 6000, p90: 10000 });
    expect(cal.buckets.map((b) => b.count)).toEqual([1, 1, 0, 0, 0, 0]);
    expect(biz.buckets.map((b) => b.count)).toEqual([1, 1, 0, 0, 0, 0]);
  });

  it("is empty over no values", async () => {
    expect(await distributionOf([null])).toMatchObject({ count: 0, mean: null, median: null, p90: null });
  });
});
