// The help desk the KPI benchmark seeds and reads: six teams (three counting business hours in an
// SLA calendar, one in Tokyo), four agents each and an admin, two pipelines, and SLA policies for
// first response (4 h) and resolution (24 h).
import { HelpdeskConfig } from "../core/config.js";

/** Bumped whenever the seeded data's shape changes: a cached database of another version is seeded anew. */
export const shapeVersion = 3;

export const teamIds = ["billing", "technical", "japan", "sales", "onboarding", "enterprise"] as const;
/** Teams 0..2 count SLA time in business hours (their tickets get the `Biz` seconds). */
export const calendarTeams = 3;
export const agentsPerTeam = 4;
export const agentId = (team: number, k: number) => `${teamIds[team]}-agent-${k}`;
export const adminId = "admin";

const hours = {
  mon: [["09:00", "18:00"]],
  tue: [["09:00", "18:00"]],
  wed: [["09:00", "18:00"]],
  thu: [["09:00", "18:00"]],
  fri: [["09:00", "18:00"]],
};

export const benchConfig = HelpdeskConfig.parse({
  pipelines: [
    {
      id: "support",
      name: "Support",
      default: true,
      statuses: [
        { id: "new", name: "New", category: "OPEN" },
        { id: "in_progress", name: "In progress", category: "OPEN" },
        { id: "waiting_on_customer", name: "Waiting on customer", category: "OPEN", pausesSla: true },
        { id: "escalated", name: "Escalated", category: "OPEN" },
        { id: "resolved", name: "Resolved", category: "CLOSED" },
        { id: "closed", name: "Closed", category: "CLOSED" },
      ],
    },
    {
      id: "returns",
      name: "Returns",
      statuses: [
        { id: "new", name: "Received", category: "OPEN" },
        { id: "in_progress", name: "Inspecting", category: "OPEN" },
        { id: "waiting_on_customer", name: "Waiting for the parcel", category: "OPEN", pausesSla: true },
        { id: "escalated", name: "Escalated", category: "OPEN" },
        { id: "resolved", name: "Refunded", category: "CLOSED" },
        { id: "closed", name: "Closed", category: "CLOSED" },
      ],
    },
  ],
  calendars: [
    { id: "london", timeZone: "Europe/London", hours },
    { id: "tokyo", timeZone: "Asia/Tokyo", hours },
  ],
  businessHours: "london",
  teams: teamIds.map((id, i) => ({
    id,
    name: { en: `Team ${id}`, ja: `チーム ${id}` },
    ...(i < calendarTeams ? { calendar: id === "japan" ? "tokyo" : "london" } : {}),
    ...(id === "japan" ? { timeZone: "Asia/Tokyo" } : {}),
  })),
  agents: [
    { id: adminId, name: "Admin", role: "admin", teams: [] },
    ...teamIds.flatMap((_, t) =>
      Array.from({ length: agentsPerTeam }, (_, k) => ({ id: agentId(t, k), name: `Agent ${t}.${k}`, teams: [teamIds[t]] })),
    ),
  ],
  slaPolicies: [
    { id: "business", match: { teams: teamIds.slice(0, calendarTeams) }, hours: "business", firstResponse: "4h", resolution: "24h" },
    { id: "around-the-clock", hours: "calendar", firstResponse: "4h", resolution: "24h" },
  ],
  workflows: [],
});

/** SLA targets of the seeded clocks, in seconds (the policies above). */
export const targets = { firstResponse: 4 * 3600, resolution: 24 * 3600 };
