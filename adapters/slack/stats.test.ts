// `/ticket stats` on Slack: the headline KPIs of a period against their targets, privately, as
// Block Kit, in the agent's language; a team the agent is not in refused; a bad period explained;
// and within Block Kit's limits in both languages whatever the figures and names.
import { describe, expect, it } from "vitest";
import { kpiConfig, seedKpis } from "../../core/kpis/testing/kpi-fixture.js";
import { statsBlocks } from "./stats-render.js";
import { limits } from "./escape.js";
import type { SlackTestApp } from "./testing/app.js";
import { slashCommand } from "./testing/requests.js";
import type { FakeSlackApi } from "./testing/slack-api.js";
import { slackSuite } from "./testing/suite.js";
import { describeKpis, Formats, type KpiFigures } from "../../core/index.js";

let s: SlackTestApp;
let api: FakeSlackApi;

// Bob (tier1, New York) reads English; Cy (tier1) reads Japanese.
slackSuite((x) => ({ s, api } = x), {
  config: {
    ...kpiConfig,
    agents: kpiConfig.agents.map((a) => (a.id === "cy" ? { ...a, slackUserId: "U0CY", locale: "ja" } : a)),
  },
  prepare: (core) => seedKpis(core),
});

interface Shown {
  text: string;
  blocks?: { type: string; text?: { text: string }; elements?: { text: string }[]; fields?: { text: string }[] }[];
}

async function ask(user: string, text: string): Promise<Shown> {
  expect((await s.send(slashCommand(user, text, { nowMs: s.nowMs() }))).status).toBe(200);
  const answer = api.responses.at(-1)?.body as unknown as Shown & { response_type?: string };
  expect(answer.response_type).toBe("ephemeral");
  return answer;
}
const fields = (a: Shown) => a.blocks?.find((b) => b.type === "section")?.fields?.map((f) => f.text) ?? [];

describe("/ticket stats on Slack", () => {
  it("shows the period's figures with their targets, met or missed", async () => {
    const a = await ask("U0BOB", "stats 2026-03-06..2026-03-12");
    expect(a.blocks?.[0]?.text?.text).toBe("Help desk KPIs");
    expect(a.blocks?.[1]?.elements?.[0]?.text).toBe("Mar 6, 2026 – Mar 12, 2026 · all the teams you can see");
    expect(fields(a)).toEqual([
      "*Created*\n6 tickets",
      "*Resolved*\n5 tickets",
      "*Resolution rate*\n:small_red_triangle_down: 83.3% (missed)\n5 of the 6 created in the period resolved\n_target: 90% or more_",
      "*First response time*\n:small_red_triangle_down: mean 5.6 hr (missed)\nmedian 1.5 hr · 90% within 25 hr · 6 tickets\nin business hours: mean 5 min\n_target: within 4 hr_",
      "*Resolution time*\n:white_check_mark: mean 13.2 hr (met)\nmedian 5 hr · 90% within 2 days · 5 tickets\n_target: within 24 hr_",
      "*Customer satisfaction*\n:small_red_triangle_down: 3.7 / 5 (missed)\n3 ratings\n75% of surveys answered\n_target: 4.0 or more_",
      "*SLA targets met*\n66.7%\n2 in time, 1 missed",
    ]);
  });

  it("narrows to a team named in any language, in Japanese for a Japanese reader", async () => {
    const a = await ask("U0CY", "stats 2026-03-06..2026-03-12 Tier 1");
    expect(a.blocks?.[0]?.text?.text).toBe("ヘルプデスクの KPI");
    expect(a.blocks?.[1]?.elements?.[0]?.text).toBe("2026/03/06 から 2026/03/12 まで・チーム Tier 1");
    expect(fields(a)[0]).toBe("*作成*\n5 件");
    expect(fields(a)[3]).toContain("平均 1.7 時間 (達成)");
  });

  it("refuses another team's figures, and explains a period it cannot read", async () => {
    expect((await ask("U0BOB", "stats 30d VIP")).text).toContain("You can see the figures of your own teams only.");
    expect((await ask("U0BOB", "stats 7d Nowhere")).text).toContain('There is no team "Nowhere".');
    expect((await ask("U0BOB", "stats 8d")).text).toContain('"8d" is not a period.');
    expect((await ask("U0CY", "stats 8d")).text).toContain("「8d」は期間として読めません。");
  });

  it("stays within Block Kit's limits in both languages", () => {
    const d = { count: 123_456_789, mean: 9e8, median: 9e8, p90: 9e8, buckets: [] };
    const huge: KpiFigures = {
      filter: { from: new Date("2025-01-01T00:00:00Z"), to: new Date("2026-01-01T00:00:00Z") },
      targets: { firstResponseSec: 3_600, resolutionSec: 86_400, resolutionRate: 0.95, csat: 4.5 },
      created: 123_456_789,
      resolved: 123_456_789,
      resolutionRate: 0.987654,
      firstResponse: d,
      resolution: d,
      firstResponseBusiness: d,
      resolutionBusiness: d,
      csat: { responses: 123_456_789, surveys: 123_456_790, mean: 4.56, responseRate: 0.99, scores: [1, 2, 3, 4, 5] },
      sla: { met: 123_456_789, missed: 123_456_789, rate: 0.5 },
      volume: [],
    };
    for (const locale of ["en", "ja"] as const) {
      const a = statsBlocks(describeKpis(huge, new Formats(locale, "Asia/Tokyo"), "チーム<@U1>&".repeat(400)));
      expect(a.text.length).toBeLessThanOrEqual(limits.messageText);
      const [header, context, section] = a.blocks as Shown["blocks"] & object[];
      expect(header?.text?.text.length).toBeLessThanOrEqual(150);
      expect(context?.elements?.[0]?.text.length).toBeLessThanOrEqual(limits.sectionField);
      expect(context?.elements?.[0]?.text).not.toContain("<@U1>");
      expect(section?.fields?.length).toBeLessThanOrEqual(limits.sectionFields);
      for (const f of section?.fields ?? []) expect(f.text.length).toBeLessThanOrEqual(limits.sectionField);
    }
  });
});
