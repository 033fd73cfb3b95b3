// The test directory with SLAs: a weekday calendar in UTC with a lunch break and a holiday
// (Wednesday 7 January 2026), Waiting on customer pausing, an urgent policy in calendar time and a
// standard one in business hours. The test clock starts on Monday 5 January 2026 at 09:00 UTC.
import { testConfigInput } from "./harness.js";

const weekday = [
  ["09:00", "12:00"],
  ["13:00", "18:00"],
];
export const slaConfigInput = {
  ...testConfigInput,
  pipelines: testConfigInput.pipelines.map((p) => ({
    ...p,
    statuses: p.statuses.map((s) => (s.id === "waiting_on_customer" ? { ...s, pausesSla: true } : s)),
  })),
  calendars: [
    {
      id: "office",
      timeZone: "UTC",
      hours: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday },
      holidays: ["2026-01-07"],
    },
  ],
  businessHours: "office",
  slaPolicies: [
    { id: "urgent", match: { priorities: ["urgent"] }, hours: "calendar", firstResponse: "1h", resolution: "4h", warnBefore: "15m" },
    { id: "standard", firstResponse: "4h", nextResponse: "2h", resolution: "2d", warnBefore: "30m" },
  ],
};
