// The customer satisfaction survey in the help desk's configuration: which resolved tickets get
// one (a sample), how often one contact is asked at most (a cooldown), and how long its links work.
import { z } from "zod";

export const CsatConfig = z.strictObject({
  /** The share of tickets surveyed, from 0 (none) to 1 (all); the same ticket is always in or out. */
  sampling: z
    .number({ error: "csat.sampling must be a number from 0 to 1" })
    .min(0, "csat.sampling is at least 0")
    .max(1, "csat.sampling is at most 1 (all tickets)")
    .default(1),
  /** A contact surveyed this many days ago or less is not asked again. */
  cooldownDays: z
    .number()
    .int("csat.cooldownDays is a whole number of days")
    .min(0, "csat.cooldownDays is at least 0")
    .max(3650)
    .default(30),
  /** How long a survey can be answered, in days after it is sent. */
  expiresDays: z
    .number()
    .int("csat.expiresDays is a whole number of days")
    .min(1, "csat.expiresDays is at least 1")
    .max(365, "csat.expiresDays is at most 365")
    .default(14),
});
export type CsatConfig = z.infer<typeof CsatConfig>;

/** The configuration's survey settings (all defaults when the config has no `csat`). */
export const csatDefaults: CsatConfig = CsatConfig.parse({});
