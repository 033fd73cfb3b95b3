// The support panel's edges through the real client: where `/ticket panel` may post it (a text
// channel where the bot has what the panel needs), and Discord's 3 seconds: the panel's button, its
// form and the Close button are acknowledged before any database work (the agent check included).
import { describe, expect, it } from "vitest";
import { Formats, msg, speechIn } from "../../core/index.js";
import type { TestCore } from "../../test/harness.js";
import type { DiscordTestClient } from "./testing/client.js";
import type { FakeDiscordApi } from "./testing/discord-api.js";
import { button, chatInput, type Who } from "./testing/payloads.js";
import { panelSuite } from "./testing/panel.js";

let t: TestCore;
let d: DiscordTestClient;
let api: FakeDiscordApi;
const panel = panelSuite((s) => ({ t, d, api } = s));
const { asJson, answered, knowGeneral } = panel;

const ada: Who = { id: "100000000000000000", name: "Ada" }; // an admin
const bob: Who = { id: "100000000000000001", name: "Bob" }; // an agent
const erin: Who = { id: "600000000000000311", name: "Erin" }; // a customer

/** When the fake API took the interaction's acknowledgement (its callback). */
const acknowledgedAt = (raw: { id: string }) => api.calls.find((c) => c.path.startsWith(`/interactions/${raw.id}/`))!.at;

/**
 * Feeds an interaction with the handlers' database watched, on the clock the fake API stamps
 * requests with: when its callback came, and when the database was first used (or null).
 */
async function timed(raw: { id: string }) {
  const deps = d.ctx.deps;
  let database: number | null = null;
  const db = new Proxy(deps.db, {
    get(target, key) {
      const v = Reflect.get(target, key, target) as unknown;
      if (typeof v !== "function") return v;
      return (...args: unknown[]) => {
        database ??= performance.now();
        return (v as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  d.ctx.deps = { ...deps, db };
  try {
    await d.interact(raw);
  } finally {
    d.ctx.deps = deps;
  }
  return { acknowledged: acknowledgedAt(raw), database };
}

describe("where the support panel may be posted", () => {
  it("refuses `/ticket panel` in an announcement channel, and where the bot lacks a permission the panel needs, naming what is missing", async () => {
    const news = "610000000000000098";
    const inNews = asJson(chatInput(ada, "panel", {}, { channelId: news }));
    inNews.channel = { ...inNews.channel, id: news, type: 5 };
    await d.interact(inNews);
    expect(answered(inNews)).toMatch(/announcement channel/);

    knowGeneral();
    // View Channel, Send Messages and Send Messages in Threads, but neither Create Private Threads nor Manage Threads.
    const some = (1n << 10n) | (1n << 11n) | (1n << 38n);
    const lacking = asJson({ ...chatInput(ada, "panel"), app_permissions: String(some) });
    await d.interact(lacking);
    expect(answered(lacking)).toContain("give it Create Private Threads, Manage Threads here");
    const one = asJson({ ...chatInput(ada, "panel"), app_permissions: String(some | (1n << 36n)) });
    await d.interact(one);
    expect(answered(one)).toContain("give it Manage Threads here");
    // The names as Discord's Japanese settings show them.
    const ja = speechIn(new Formats("ja"));
    expect(ja.say(msg("panel.botLacks", { permissions: ja.say(msg("panel.permManageThreads")) }))).toContain("スレッドの管理 の権限");
    expect(api.of("POST", /\/messages$/)).toHaveLength(0);
  });
});

describe("the support panel's form", () => {
  it("asks for a subject of two characters at least, and takes none of spaces only, before any thread is made", async () => {
    const click = asJson(button(erin, "panel:open"));
    await d.interact(click);
    expect(JSON.stringify(api.callbackFor(click.id)?.data)).toMatch(/"custom_id":"subject"[^}]*"min_length":2/);
    knowGeneral();
    const tickets = await t.prisma.ticket.count();
    const blank = panel.submission(erin, "   \n  ");
    await d.interact(blank);
    expect(answered(blank)).toContain("Please give your ticket a subject");
    expect(api.of("POST", /\/threads$/)).toHaveLength(0);
    expect(await t.prisma.ticket.count()).toBe(tickets);
  });
});

describe("the support panel within Discord's 3 seconds", () => {
  it("shows the form at once, touching no database, to a customer and to an agent alike", async () => {
    for (const who of [erin, bob]) {
      const click = asJson(button(who, "panel:open"));
      const at = await timed(click);
      expect(api.callbackFor(click.id)?.type).toBe(9);
      expect(at.database).toBeNull();
    }
  });

  it("acknowledges a form's submission before any database work, then refuses an agent's", async () => {
    knowGeneral();
    for (const who of [erin, bob]) {
      const raw = panel.submission(who, `Timed ${who.name}`);
      const at = await timed(raw);
      expect(at.database).not.toBeNull();
      expect(at.acknowledged).toBeLessThan(at.database!);
    }
    expect(await t.prisma.ticket.count({ where: { subject: "Timed Erin" } })).toBe(1);
    expect(await t.prisma.ticket.count({ where: { subject: "Timed Bob" } })).toBe(0);
  });

  it("acknowledges the Close button before any database work, the agent check included", async () => {
    const { thread } = await panel.submit(erin, "Timed close");
    const ticket = await t.prisma.ticket.findFirstOrThrow({ where: { subject: "Timed close" }, include: { chatLinks: true } });
    const first = ticket.chatLinks.find((l) => l.role === "origin")!.messageId!;
    for (const who of [bob, erin]) {
      const click = panel.closeClick(who, thread!, first);
      const at = await timed(click);
      expect(at.acknowledged).toBeLessThan(at.database!);
    }
    expect((await t.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).open).toBe(false);
  });
});
