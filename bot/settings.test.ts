import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadSettings, SettingsError } from "./settings.js";

const dir = mkdtempSync(join(tmpdir(), "helpdesk-settings-"));
function configFile(content: unknown): string {
  const f = join(dir, `${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(f, typeof content === "string" ? content : JSON.stringify(content));
  return f;
}

describe("loadSettings", () => {
  it("defaults to embedded SQLite and the default pipeline", () => {
    const s = loadSettings({});
    expect(s.env).toMatchObject({ DATABASE_URL: "file:./data/helpdesk.db", PORT: 3000, LOG_LEVEL: "info" });
    expect(s.config.pipelines.map((p) => p.id)).toEqual(["support"]);
    expect(s.config.pipelines[0]!.statuses.map((x) => [x.name, x.category])).toEqual([
      ["New", "OPEN"],
      ["In progress", "OPEN"],
      ["Waiting on customer", "OPEN"],
      ["Escalated", "OPEN"],
      ["Resolved", "CLOSED"],
      ["Closed", "CLOSED"],
    ]);
  });

  it("names the bad variable", () => {
    expect(() => loadSettings({ PORT: "eighty" })).toThrow(SettingsError);
    expect(() => loadSettings({ PORT: "eighty" })).toThrow(/PORT/);
    expect(() => loadSettings({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL: must start with file:/);
  });

  it("reads how many outbox deliveries run at once", () => {
    expect(loadSettings({}).env.OUTBOX_CONCURRENCY).toBe(4);
    expect(loadSettings({ OUTBOX_CONCURRENCY: "16" }).env.OUTBOX_CONCURRENCY).toBe(16);
    expect(() => loadSettings({ OUTBOX_CONCURRENCY: "0" })).toThrow(/OUTBOX_CONCURRENCY/);
  });

  it("names the bad place in the config file", () => {
    const bad = configFile({
      pipelines: [
        {
          id: "p",
          name: "P",
          statuses: [
            { id: "a", name: "A", category: "OPEN", requiredProperties: ["nope"] },
            { id: "b", name: "B", category: "CLOSED" },
          ],
        },
      ],
    });
    expect(() => loadSettings({ HELPDESK_CONFIG: bad })).toThrow(/pipelines\.0\.statuses\.0\.requiredProperties: unknown property "nope"/);
    expect(() => loadSettings({ HELPDESK_CONFIG: configFile("{ not json") })).toThrow(/HELPDESK_CONFIG .*JSON/);
    expect(() => loadSettings({ HELPDESK_CONFIG: join(dir, "missing.json") })).toThrow(/ENOENT/);
    const unknownTeam = configFile({ agents: [{ id: "a", name: "A", teams: ["ghost"] }] });
    expect(() => loadSettings({ HELPDESK_CONFIG: unknownTeam })).toThrow(/agents\.0\.teams: unknown team "ghost"/);
    const customerTeam = configFile({ slack: { customerChannels: [{ channel: "C0CUSTOMER", teamId: "ghost" }] } });
    expect(() => loadSettings({ HELPDESK_CONFIG: customerTeam })).toThrow(/slack\.customerChannels\.0\.teamId: unknown team "ghost"/);
    const panelRoute = configFile({
      discord: { panel: { teamId: "ghost", pipelineId: "nowhere", channels: [{ channel: "123456789012345678", teamId: "spook" }] } },
    });
    expect(() => loadSettings({ HELPDESK_CONFIG: panelRoute })).toThrow(
      /discord\.panel\.pipelineId: unknown pipeline "nowhere"; discord\.panel\.teamId: unknown team "ghost"; discord\.panel\.channels\.0\.teamId: unknown team "spook"$/,
    );
    const unknownSurface = configFile({ agents: [{ id: "a", name: "A", accounts: { slak: "U1" } }] });
    expect(() => loadSettings({ HELPDESK_CONFIG: unknownSurface })).toThrow(
      /agents\.0\.accounts\.slak: no chat surface is called "slak" \(slack, discord\)/,
    );
    const known = configFile({ agents: [{ id: "a", name: "A", accounts: { slack: "U1", discord: "42" } }] });
    expect(loadSettings({ HELPDESK_CONFIG: known }).config.agents[0]!.accounts).toEqual({ slack: "U1", discord: "42" });
  });

  it("adds the holidays of a calendar's iCalendar file, read beside the config, and names a bad one", () => {
    const ics = [
      "BEGIN:VCALENDAR",
      "VERSION:2.0",
      "BEGIN:VEVENT",
      "UID:1",
      "DTSTART;VALUE=DATE:20270111",
      "SUMMARY:成人の日",
      "END:VEVENT",
      "END:VCALENDAR",
    ];
    writeFileSync(join(dir, "jp-holidays.ics"), ics.join("\r\n"));
    writeFileSync(join(dir, "broken.ics"), "not a calendar");
    const calendar = (holidaysIcal: string) => ({
      calendars: [{ id: "tokyo", timeZone: "Asia/Tokyo", hours: { mon: [["09:00", "18:00"]] }, holidays: ["2027-01-01"], holidaysIcal }],
    });
    const s = loadSettings({ HELPDESK_CONFIG: configFile(calendar("jp-holidays.ics")) });
    expect(s.config.calendars[0]!.holidays).toEqual(["2027-01-01", "2027-01-11"]);
    expect(() => loadSettings({ HELPDESK_CONFIG: configFile(calendar("broken.ics")) })).toThrow(
      /calendars\.0\.holidaysIcal: .*broken\.ics: not a readable iCalendar file/,
    );
    expect(() => loadSettings({ HELPDESK_CONFIG: configFile(calendar("absent.ics")) })).toThrow(/calendars\.0\.holidaysIcal: .*ENOENT/);
  });

  it("reads pipelines, properties, teams and agents from the file", () => {
    const f = configFile({
      properties: [{ name: "resolution", label: "Resolution", type: "text" }],
      pipelines: [
        {
          id: "it",
          name: "IT",
          statuses: [
            { id: "open", name: "Open", category: "OPEN" },
            { id: "done", name: "Done", category: "CLOSED", requiredProperties: ["resolution"] },
          ],
        },
      ],
      teams: [{ id: "t1", name: "Tier 1" }],
      agents: [{ id: "ann", name: "Ann", role: "admin", teams: ["t1"], slackUserId: "U1" }],
    });
    const s = loadSettings({ HELPDESK_CONFIG: f });
    expect(s.config.pipelines[0]!.statuses[1]!.requiredProperties).toEqual(["resolution"]);
    expect(s.config.agents[0]).toMatchObject({ id: "ann", role: "admin", teams: ["t1"] });
  });
});
