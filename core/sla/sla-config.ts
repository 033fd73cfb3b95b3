// SLA policies in the help desk's configuration: which tickets a policy covers, its targets, and
// whether they count business hours (the team's calendar, else the help desk's) or calendar time.
import { z } from "zod";

const slug = z.string().regex(/^[a-z][a-z0-9_-]*$/, "ids are lower-case slugs");

/**
 * A length of time as people write it: "4h", "30m", "1h 30m", "2d" (a day is 24 hours of the
 * clock the policy counts: 24 business hours under a business calendar). Parsed to seconds.
 */
/** A year: a target beyond it is a typo, and would have a business calendar walk for years. */
const maxDurationSec = 365 * 86_400;

export const SlaDuration = z.string().transform((text, ctx) => {
  const m = /^\s*(?:(\d+)\s*d)?\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?\s*$/.exec(text);
  const seconds = m ? (Number(m[1] ?? 0) * 24 * 60 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0)) * 60 : 0;
  if (!m || seconds <= 0) {
    ctx.addIssue({ code: "custom", message: `"${text}" is not a duration such as "4h", "30m", "1h 30m" or "2d"` });
    return z.NEVER;
  }
  if (seconds > maxDurationSec) {
    ctx.addIssue({ code: "custom", message: `"${text}" is longer than a target can be (365 days)` });
    return z.NEVER;
  }
  return seconds;
});

/** When the warning comes: at a share of the target ("75%") or some time before it ("30m"). */
export const WarnBefore = z.string().transform((text, ctx): { share: number } | { beforeSec: number } => {
  const pct = /^\s*(\d{1,2}(?:\.\d+)?)\s*%\s*$/.exec(text);
  if (pct) {
    const share = Number(pct[1]) / 100;
    if (share > 0 && share < 1) return { share };
  } else {
    const d = SlaDuration.safeParse(text);
    if (d.success) return { beforeSec: d.data };
  }
  ctx.addIssue({ code: "custom", message: `"${text}" is neither a share of the target below 100% ("75%") nor a time before it ("30m")` });
  return z.NEVER;
});

export const slaMetrics = ["first_response", "next_response", "resolution"] as const;

export const SlaPolicyDefinition = z
  .object({
    id: slug,
    /** Which tickets it covers; each list left out matches any. The first policy that matches wins. */
    match: z
      .object({
        pipelines: z.array(z.string()).optional(),
        priorities: z.array(z.enum(["low", "medium", "high", "urgent"])).optional(),
        teams: z.array(z.string()).optional(),
        sources: z.array(z.string()).optional(),
      })
      .default({}),
    /** "business": in the ticket's team's calendar, else the help desk's (`businessHours`); "calendar": around the clock. */
    hours: z.enum(["business", "calendar"]).default("business"),
    firstResponse: SlaDuration.optional(),
    /** Each customer message awaiting an answer after the first response. */
    nextResponse: SlaDuration.optional(),
    resolution: SlaDuration.optional(),
    warnBefore: WarnBefore.default({ share: 0.75 }),
    /** Warnings and breaches are emailed too, to the agents told of them in chat (needs SMTP_URL). */
    emailAlerts: z.boolean().default(false),
  })
  .refine((p) => p.firstResponse !== undefined || p.nextResponse !== undefined || p.resolution !== undefined, {
    message: "an SLA policy needs at least one target (firstResponse, nextResponse or resolution)",
  })
  .superRefine((p, ctx) => {
    // A warning as long before the target as the target itself would come the moment the clock starts.
    const w = p.warnBefore;
    if (!("beforeSec" in w)) return;
    for (const field of ["firstResponse", "nextResponse", "resolution"] as const) {
      const target = p[field];
      if (target !== undefined && w.beforeSec >= target)
        ctx.addIssue({
          code: "custom",
          path: ["warnBefore"],
          message: `SLA policy "${p.id}" warns ${w.beforeSec / 60} min before its ${field} target, which is only ${target / 60} min: give a shorter warnBefore, or a share such as "75%"`,
        });
    }
  });
export type SlaPolicyDefinition = z.infer<typeof SlaPolicyDefinition>;

/** The policy's target for a metric, in seconds, or undefined when it sets none. */
export function targetOf(p: SlaPolicyDefinition, metric: (typeof slaMetrics)[number]): number | undefined {
  return metric === "first_response" ? p.firstResponse : metric === "next_response" ? p.nextResponse : p.resolution;
}

/** Seconds into the target at which the warning comes (never at or past the target itself). */
export function warnAtSec(p: SlaPolicyDefinition, targetSec: number): number {
  const w = p.warnBefore;
  const at = "share" in w ? Math.round(targetSec * w.share) : targetSec - w.beforeSec;
  return Math.max(0, Math.min(targetSec - 1, at));
}
