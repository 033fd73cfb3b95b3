// A business-hours calendar in the help desk's configuration: a time zone, the working periods of
// each weekday in that zone's wall-clock time (several a day, for a lunch break), and holidays,
// listed as dates and/or read from an iCalendar file (a public-holiday feed, say). The messages
// are read by an admin when the service refuses to start, so each one names what is wrong.
import { z } from "zod";
import { isTimeZone } from "../i18n/locale.js";

export const weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof weekdays)[number];

const clockPattern = /^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/;

/** Minutes since midnight of "HH:MM" ("24:00" is the end of the day); NaN for anything else. */
export function minutesOf(hhmm: string): number {
  if (!clockPattern.test(hhmm)) return NaN;
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
}

const clockTime = z.string().regex(clockPattern, {
  error: (issue) => `"${String(issue.input)}" is not a time: write HH:MM, from 00:00 to 24:00`,
});

// A time already refused above is not judged again here (NaN compares false either way).
const period = z.tuple([clockTime, clockTime]).refine(([from, to]) => !(minutesOf(from) >= minutesOf(to)), {
  error: (issue) => {
    const [from, to] = issue.input as [string, string];
    return `the period ${from}–${to} must end after it starts`;
  },
});

const day = z.array(period).superRefine((periods, ctx) => {
  // Two periods sharing an instant would count it twice; touching ends (12:00 and 12:00) are fine.
  const sorted = periods.filter(([from, to]) => minutesOf(from) < minutesOf(to)).sort((a, b) => minutesOf(a[0]) - minutesOf(b[0]));
  for (let i = 1; i < sorted.length; i++) {
    const [before, after] = [sorted[i - 1]!, sorted[i]!];
    if (minutesOf(after[0]) < minutesOf(before[1]))
      ctx.addIssue({ code: "custom", message: `the periods ${before.join("–")} and ${after.join("–")} overlap` });
  }
});

// Strict, so that a misspelt day ("monday") is refused instead of quietly leaving that day closed.
const week = z.strictObject(
  { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day },
  {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `unknown day ${issue.keys.map((k) => `"${k}"`).join(", ")}: days are ${weekdays.join(", ")}`
        : undefined,
  },
);

export const CalendarDefinition = z
  .strictObject({
    id: z.string().regex(/^[a-z][a-z0-9_-]*$/, {
      error: (issue) => `calendar id "${String(issue.input)}" is not a lower-case slug (a-z, 0-9, "-" and "_", starting with a letter)`,
    }),
    timeZone: z.string().refine(isTimeZone, {
      error: (issue) => `"${String(issue.input)}" is not an IANA time zone (e.g. Asia/Tokyo, Europe/London)`,
    }),
    /** Working periods per weekday, as [from, to] wall-clock times in `timeZone`; a day left out is closed. */
    hours: week.partial(),
    /** Whole days closed, as YYYY-MM-DD in the calendar's zone. */
    holidays: z
      .array(z.iso.date({ error: (issue) => `holiday "${String(issue.input)}" is not a real date written YYYY-MM-DD` }))
      .default([]),
    /** An iCalendar file (path relative to the config file) whose all-day events are holidays too. */
    holidaysIcal: z.string().min(1, "holidaysIcal is a path to an iCalendar file; leave it out when there is none").optional(),
  })
  .refine((c) => weekdays.some((d) => (c.hours[d]?.length ?? 0) > 0), {
    message: "a calendar needs at least one working period in the week",
    path: ["hours"],
    // Said only of hours that are otherwise right (a misspelt day already has its own message),
    // and only of an object: zod runs this even after other problems once `when` is given.
    when: (payload) =>
      typeof payload.value === "object" && payload.value !== null && !payload.issues.some((issue) => issue.path?.[0] === "hours"),
  });
export type CalendarDefinition = z.infer<typeof CalendarDefinition>;
