// The targets the KPIs are shown against, in the help desk's configuration (`kpiTargets`):
// durations as people write them ("4h", "1d 12h"), the resolution rate as a share ("90%" or 0.9).
import { z } from "zod";
import { SlaDuration } from "../sla/sla-config.js";
import type { KpiTargets } from "./kpi-types.js";

const Share = z.union([
  z.number().gt(0, "kpiTargets.resolutionRate is above 0").max(1, "kpiTargets.resolutionRate is at most 1 (100%)"),
  z.string().transform((text, ctx) => {
    const m = /^\s*(\d{1,3}(?:\.\d+)?)\s*%\s*$/.exec(text);
    const share = m ? Number(m[1]) / 100 : NaN;
    if (!(share > 0 && share <= 1)) {
      ctx.addIssue({ code: "custom", message: `"${text}" is not a share such as "90%" or 0.9` });
      return z.NEVER;
    }
    return share;
  }),
]);

export const KpiTargetsConfig = z
  .strictObject({
    /** Mean first response time to stay within (calendar time). */
    firstResponse: SlaDuration.prefault("4h"),
    /** Mean resolution time to stay within (calendar time). */
    resolution: SlaDuration.prefault("24h"),
    /** Share of the tickets created in a period that are resolved. */
    resolutionRate: Share.default(0.9),
    /** Mean satisfaction rating, 1 to 5. */
    csat: z.number().min(1, "kpiTargets.csat is from 1 to 5").max(5, "kpiTargets.csat is from 1 to 5").default(4),
  })
  .transform((t): KpiTargets => ({
    firstResponseSec: t.firstResponse,
    resolutionSec: t.resolution,
    resolutionRate: t.resolutionRate,
    csat: t.csat,
  }));

/** The seed's targets: first response within 4 hours, resolution within 24, 90% resolved, CSAT 4.0. */
export const kpiTargetDefaults: KpiTargets = KpiTargetsConfig.parse({});
