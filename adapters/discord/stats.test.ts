// `/ticket stats` on Discord: the headline KPIs of a period against their targets in a private
// embed, in the agent's language; a team the agent is not in refused; a bad period explained;
// within Discord's embed limits in both languages; and the subcommand with its two options.
import { describe, expect, it } from "vitest";
import { ticketCommandOptions } from "../../manifest/discord.js";
import { kpiConfig, seedKpis } from "../../core/kpis/testing/kpi-fixture.js";
import { statsEmbed } from "./stats-render.js";
import { limits } from "./escape.js";
import type { DiscordTestClient } from "./testing/client.js";
import type { FakeDiscordApi } from "./testing/discord-api.js";
import { chatInput, type OptionValue, type Who } from "./testing/payloads.js";
import { discordSuite } from "./testing/suite.js";
import { describeKpis, Formats, type KpiFigures } from "../../core/index.js";

let d: DiscordTestClient;
let api: FakeDiscordApi;
const bob: Who = { id: "100000000000000001", name: "Bob" };
const cy: Who = { id: "100000000000000002", name: "Cy" };

// Bob (tier1, New York) reads English; Cy (tier1) reads Japanese.
discordSuite((s) => ({ d, api } = s), {
  config: { ...kpiConfig, agents: kpiConfig.agents.map((a) => (a.id === "cy" ? { ...a, discordUserId: cy.id, locale: "ja" } : a)) },
  prepare: (core) => seedKpis(core),
});

interface Embed {
  title: string;
  description: string;
  fields: { name: string; value: string; inline?: boolean }[];
}

async function run(who: Who, options: Record<string, OptionValue>): Promise<{ content: string; embeds: Embed[] }> {
  const raw = chatInput(who, "stats", options);
  await d.interact(JSON.parse(JSON.stringify(raw)) as typeof raw);
  expect(api.callbackFor(raw.id)?.type, "deferred privately").toBe(5);
  const body = api
    .webhookMessages()
    .filter((c) => c.path.includes(`/token-${raw.id}/`))
    .at(-1)?.body as { content?: string; embeds?: Embed[] } | undefined;
  return { content: String(body?.content ?? ""), embeds: body?.embeds ?? [] };
}

describe("/ticket stats on Discord", () => {
  it("shows the period's figures with their targets, met or missed", async () => {
    const { embeds } = await run(bob, { period: "2026-03-06..2026-03-12" });
    const [e] = embeds;
    expect(e?.title).toBe("Help desk KPIs");
    expect(e?.description).toBe("Mar 6, 2026 – Mar 12, 2026 · all the teams you can see");
    // Markdown is escaped as in all text shown in Discord ("83\\.3%" shows as 83.3%).
    expect(e?.fields.map((f) => [f.name, f.value])).toEqual([
      ["Created", "**6 tickets**"],
      ["Resolved", "**5 tickets**"],
      ["Resolution rate", "🔻 **83\\.3%** (missed)\n5 of the 6 created in the period resolved\n*target: 90% or more*"],
      [
        "First response time",
        "🔻 **mean 5.6 hr** (missed)\nmedian 1.5 hr · 90% within 25 hr · 6 tickets\nin business hours: mean 5 min\n*target: within 4 hr*",
      ],
      ["Resolution time", "✅ **mean 13.2 hr** (met)\nmedian 5 hr · 90% within 2 days · 5 tickets\n*target: within 24 hr*"],
      ["Customer satisfaction", "🔻 **3\\.7 / 5** (missed)\n3 ratings\n75% of surveys answered\n*target: 4.0 or more*"],
      ["SLA targets met", "**66\\.7%**\n2 in time, 1 missed"],
    ]);
  });

  it("narrows to a team, in Japanese for a Japanese reader", async () => {
    const [e] = (await run(cy, { period: "2026-03-06..2026-03-12", team: "tier1" })).embeds;
    expect(e?.title).toBe("ヘルプデスクの KPI");
    expect(e?.description).toBe("2026/03/06 から 2026/03/12 まで・チーム Tier 1");
    expect(e?.fields[0]).toMatchObject({ name: "作成", value: "**5 件**" });
    expect(e?.fields[3]?.value).toContain("**平均 1.7 時間** (達成)");
  });

  it("refuses another team's figures, and explains a period it cannot read", async () => {
    expect((await run(bob, { team: "vip" })).content).toContain("You can see the figures of your own teams only.");
    expect((await run(bob, { period: "8d" })).content).toContain('"8d" is not a period.');
    expect((await run(cy, { period: "8d" })).content).toContain("「8d」は期間として読めません。");
  });

  it("stays within Discord's embed limits in both languages", () => {
    const dist = { count: 123_456_789, mean: 9e8, median: 9e8, p90: 9e8, buckets: [] };
    const huge: KpiFigures = {
      filter: { from: new Date("2025-01-01T00:00:00Z"), to: new Date("2026-01-01T00:00:00Z") },
      targets: { firstResponseSec: 3_600, resolutionSec: 86_400, resolutionRate: 0.95, csat: 4.5 },
      created: 123_456_789,
      resolved: 123_456_789,
      resolutionRate: 0.987654,
      firstResponse: dist,
      resolution: dist,
      firstResponseBusiness: dist,
      resolutionBusiness: dist,
      csat: { responses: 123_456_789, surveys: 123_456_790, mean: 4.56, responseRate: 0.99, scores: [1, 2, 3, 4, 5] },
      sla: { met: 123_456_789, missed: 123_456_789, rate: 0.5 },
      volume: [],
    };
    for (const locale of ["en", "ja"] as const) {
      const e = statsEmbed(describeKpis(huge, new Formats(locale, "Asia/Tokyo"), "チーム @everyone ".repeat(400)));
      expect(e.title?.length).toBeLessThanOrEqual(limits.embedTitle);
      expect(e.description?.length).toBeLessThanOrEqual(limits.embedDescription);
      expect(e.description).not.toContain("@everyone");
      expect(e.fields?.length).toBeLessThanOrEqual(limits.embedFields);
      let total = (e.title?.length ?? 0) + (e.description?.length ?? 0);
      for (const f of e.fields ?? []) {
        expect(f.name.length).toBeLessThanOrEqual(limits.embedFieldName);
        expect(f.value.length).toBeLessThanOrEqual(limits.embedFieldValue);
        total += f.name.length + f.value.length;
      }
      expect(total).toBeLessThanOrEqual(limits.embedTotal);
    }
  });

  it("is a subcommand with an optional period and an optional team", () => {
    const sub = ticketCommandOptions().find((o) => o.name === "stats") as { options?: { name: string; required?: boolean }[] } | undefined;
    expect(sub?.options?.map((o) => [o.name, o.required])).toEqual([
      ["period", false],
      ["team", false],
    ]);
  });
});
