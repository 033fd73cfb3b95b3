import { describe, expect, it } from "vitest";
import { HelpdeskConfig } from "../config.js";

const parse = (kpiTargets?: unknown) => HelpdeskConfig.safeParse(kpiTargets === undefined ? {} : { kpiTargets });

describe("kpiTargets in the config", () => {
  it("defaults to the seed's targets and reads durations and shares as people write them", () => {
    expect(parse().data?.kpiTargets).toEqual({ firstResponseSec: 14_400, resolutionSec: 86_400, resolutionRate: 0.9, csat: 4 });
    expect(parse({ firstResponse: "2h", resolution: "1d 12h", resolutionRate: "95%", csat: 4.2 }).data?.kpiTargets).toEqual({
      firstResponseSec: 7_200,
      resolutionSec: 129_600,
      resolutionRate: 0.95,
      csat: 4.2,
    });
    expect(parse({ resolutionRate: 0.8 }).data?.kpiTargets).toMatchObject({ firstResponseSec: 14_400, resolutionRate: 0.8 });
  });

  it("refuses what is not a target, naming it", () => {
    const issues = (v: unknown) => parse(v).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`) ?? [];
    expect(issues({ firstResponse: "soon" })).toEqual([expect.stringContaining('kpiTargets.firstResponse: "soon" is not a duration')]);
    expect(issues({ resolutionRate: "120%" }).join()).toContain("kpiTargets.resolutionRate");
    expect(issues({ csat: 6 })).toEqual(["kpiTargets.csat: kpiTargets.csat is from 1 to 5"]);
    expect(issues({ nps: 50 }).join()).toContain("nps");
  });
});
