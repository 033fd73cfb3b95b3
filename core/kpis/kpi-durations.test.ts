import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { as, testCore, type TestCore } from "../../test/harness.js";
import { durations, noSums } from "./kpi-durations.js";
import { kpiPeriod } from "./kpi-period.js";
import { kpiScope, periodTickets } from "./kpi-scope.js";
import { kpiConfig, newYork, seedKpis } from "./testing/kpi-fixture.js";

let t: TestCore;
beforeEach(async () => {
  t = await testCore(kpiConfig);
  await seedKpis(t);
});
afterEach(() => t.close());

describe("durations", () => {
  it("gives no median or p90 when a rank the counts promised has no row (a write between the reads)", async () => {
    const period = kpiPeriod("2026-03-06..2026-03-12", t.deps.now(), newYork);
    const scope = await kpiScope(t.deps.db, t.deps, as.bob, period);
    const base = periodTickets(t.deps.db, scope, "t.resolvedAt");
    // Counts read before tickets were reopened: more rows than the ranks then find.
    const claimed = { ...noSums(), count: 1000, sum: 1000 };
    const d = await durations(t.deps.db, base, "t.resolutionSec", claimed);
    expect(d).toMatchObject({ count: 1000, median: null, p90: null });
  });
});
