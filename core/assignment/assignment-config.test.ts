// Assignment rules in the configuration: checked against the teams, pipelines and agents they
// name, and a rule that follows business hours must have a calendar to follow.
import { describe, expect, it } from "vitest";
import { HelpdeskConfig } from "../config.js";
import { testConfigInput } from "../../test/harness.js";

const calendars = [{ id: "office", timeZone: "UTC", hours: { mon: [["09:00", "17:00"]] } }];
const problems = (over: Record<string, unknown>) => {
  const r = HelpdeskConfig.safeParse({ ...testConfigInput, ...over });
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("assignment rules in the configuration", () => {
  it("takes a rule by team or by agents, with its defaults", () => {
    const cfg = HelpdeskConfig.parse({ ...testConfigInput, assignmentRules: [{ id: "tier1", team: "tier1" }] });
    expect(cfg.assignmentRules).toEqual([{ id: "tier1", team: "tier1", method: "round_robin", followBusinessHours: false, auto: true }]);
  });

  it("names what a rule refers to that does not exist, and a rule with no pool", () => {
    expect(problems({ assignmentRules: [{ id: "b", pipelines: ["support"] }] })).toEqual([
      "assignmentRules.0: an assignment rule needs a team (its members are the pool) or a list of agents",
    ]);
    expect(
      problems({
        assignmentRules: [
          { id: "a", team: "nope" },
          { id: "a", agents: ["ghost"], pipelines: ["nowhere"] },
        ],
      }),
    ).toEqual([
      'assignmentRules.0.team: no team "nope"',
      'assignmentRules.1.id: assignment rule id "a" is used twice',
      'assignmentRules.1.pipelines: no pipeline "nowhere"',
      'assignmentRules.1.agents: no agent "ghost"',
    ]);
  });

  it("wants a calendar for a rule that follows business hours: its team's, else the help desk's", () => {
    expect(problems({ assignmentRules: [{ id: "t", team: "tier1", followBusinessHours: true }] })).toEqual([
      'assignmentRules.0.followBusinessHours: assignment rule "t" follows business hours, so it needs a calendar: give team "tier1" a calendar, or set businessHours',
    ]);
    expect(problems({ assignmentRules: [{ id: "l", agents: ["bob"], followBusinessHours: true }] })).toEqual([
      'assignmentRules.0.followBusinessHours: assignment rule "l" follows business hours, so it needs a calendar: give the rule a team with a calendar, or set businessHours',
    ]);
    const teams = [
      { id: "tier1", name: "Tier 1", calendar: "office" },
      { id: "vip", name: "VIP" },
    ];
    expect(problems({ calendars, teams, assignmentRules: [{ id: "t", team: "tier1", followBusinessHours: true }] })).toEqual([]);
    expect(
      problems({ calendars, businessHours: "office", assignmentRules: [{ id: "l", agents: ["bob"], followBusinessHours: true }] }),
    ).toEqual([]);
  });
});
