// A business-hours calendar in the help desk's configuration: a time zone, the working periods of
// each weekday in that zone's wall-clock time (several a day, for a lunch break), and holidays,
// listed as dates and/or read from an iCalendar file (a public-holiday feed, say).
import { z } from "zod";
import { isTimeZone } from "../i18n/locale.js";

export const weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof weekdays)[number];

/** Minutes since midnight of "HH:MM" ("24:00" is the end of the day). */
export function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(":").map(Number);
  return h! * 60 + m!;
}

const clockTime = z.string().regex(/^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/, "a time is HH:MM, from 00:00 to 24:00");

const period = z
  .tuple([clockTime, clockTime])
  .refine(([from, to]) => minutesOf(from) < minutesOf(to), { message: "a period must end after it starts" });

const day = z.array(period).superRefine((periods, ctx) => {
  const sorted = [...periods].sort((a, b) => minutesOf(a[0]) - minutesOf(b[0]));
  for (let i = 1; i < sorted.length; i++) {
    if (minutesOf(sorted[i]![0]) < minutesOf(sorted[i - 1]![1]))
      ctx.addIssue({ code: "custom", message: `periods ${sorted[i - 1]!.join("–")} and ${sorted[i]!.join("–")} overlap` });
  }
});

export const CalendarDefinition = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9_-]*$/, "calendar ids are lower-case slugs"),
    timeZone: z.string().refine(isTimeZone, {
      error: (issue) => `"${String(issue.input)}" is not an IANA time zone (e.g. Asia/Tokyo, Europe/London)`,
    }),
    /** Working periods per weekday; a day left out is closed. */
    hours: z.object({ mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day }).partial(),
    /** Whole days closed, as YYYY-MM-DD in the calendar's zone. */
    holidays: z.array(z.iso.date({ error: "holidays are dates written YYYY-MM-DD" })).default([]),
    /** An iCalendar file (path relative to the config file) whose all-day events are holidays too. */
    holidaysIcal: z.string().min(1).optional(),
  })
  .refine((c) => weekdays.some((d) => (c.hours[d]?.length ?? 0) > 0), {
    message: "a calendar needs at least one working period in the week",
    path: ["hours"],
  });
export type CalendarDefinition = z.infer<typeof CalendarDefinition>;
