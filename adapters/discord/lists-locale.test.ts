// `/ticket queue`, `find` and `show` answer a Japanese agent (config `locale: "ja"`) in Japanese:
// titles, the line of each ticket with the configured Japanese status name, the ticket's fields
// and footers, within Discord's embed limits; an English agent still reads them in English.
import { describe, expect, it } from "vitest";
import { createTicket } from "../../core/tickets/create-ticket.js";
import { as, testConfigInput, type TestCore } from "../../test/harness.js";
import { japanesePipelines } from "../../test/japanese-config.js";
import type { DiscordTestClient } from "./testing/client.js";
import { discordSuite } from "./testing/suite.js";
import type { FakeDiscordApi } from "./testing/discord-api.js";
import { limits } from "./escape.js";
import { chatInput, type OptionValue } from "./testing/payloads.js";

let t: TestCore;
let d: DiscordTestClient;
let api: FakeDiscordApi;
const bob = { id: "100000000000000001", name: "Bob" };
const cy = { id: "100000000000000003", name: "Cy" };
const ascii = /^[\x20-\x7e]*$/;

discordSuite((s) => ({ t, d, api } = s), {
  // Bob reads Japanese; Cy reads English whatever her client says. Support's names have Japanese.
  config: {
    ...testConfigInput,
    pipelines: japanesePipelines,
    agents: testConfigInput.agents.map((a) =>
      a.id === "bob" ? { ...a, locale: "ja" } : a.id === "cy" ? { ...a, discordUserId: cy.id, locale: "en" } : a,
    ),
  },
});

type Embed = { title?: string; description?: string; footer?: { text: string }; fields?: { name: string; value: string }[] };

/** Runs `/ticket sub` (from a client set to Japanese, so only the configured locale decides) and returns the private answer's embeds. */
async function run(who: typeof bob, sub: string, options: Record<string, OptionValue>) {
  const raw = { ...chatInput(who, sub, options), locale: "ja" };
  await d.interact(JSON.parse(JSON.stringify(raw)) as typeof raw);
  const answer = api
    .webhookMessages()
    .filter((c) => c.path.includes(`/token-${raw.id}/`))
    .at(-1)?.body;
  return { content: String(answer?.content ?? ""), embeds: (answer?.embeds ?? []) as Embed[] };
}

const size = (e: Embed) =>
  (e.title?.length ?? 0) +
  (e.description?.length ?? 0) +
  (e.footer?.text.length ?? 0) +
  (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);

const open = (subject: string) =>
  createTicket(t.deps, { subject, text: "Help please", requester: { email: "c@customer.test" }, teamId: "tier1" }, as.ada);

describe("Discord ticket lists for a Japanese agent", () => {
  it("/ticket queue: a Japanese title, status name and 未割り当て, and the English agent's list unchanged", async () => {
    const tk = await open("Printer");
    const ja = await run(bob, "queue", { queue: "unassigned" });
    expect(ja.embeds[0]!.title).toMatch(/^キュー: 未割り当て \(\d+\)$/);
    const line = ja.embeds[0]!.description!.split("\n").find((l) => l.includes(`**#${tk.id}**`))!;
    expect(line).toMatch(/· 新規 · \*未割り当て\* · <t:\d+:R>$/);
    const en = await run(cy, "queue", { queue: "all_open" });
    expect(en.embeds[0]!.title).toMatch(/^Queue: all open \(\d+\)$/);
    expect(en.embeds[0]!.description).toMatch(/· New · \*unassigned\* · <t:\d+:R>/);
  });

  it("/ticket find: a Japanese title, and 該当するチケットはありません when nothing matches", async () => {
    const tk = await open("Unique zebra request");
    const found = await run(bob, "find", { text: "zebra" });
    expect(found.embeds[0]!.title).toMatch(/^「zebra」に一致するチケット \(1\)$/);
    expect(found.embeds[0]!.description).toContain(`**#${tk.id}** Unique zebra request · 新規`);
    const none = await run(bob, "find", { text: "nothing-like-this" });
    expect(none.embeds[0]!.description).toBe("該当するチケットはありません。");
  });

  it("/ticket queue with a queue that does not exist: refused in Japanese", async () => {
    const { content } = await run(bob, "queue", { queue: "nope" });
    expect(content).toMatch(/^⚠️ 「nope」というキューはありません。/);
  });

  it("/ticket show: Japanese field names, values and footers, within Discord's embed limits", async () => {
    const tk = await open("長い".repeat(150));
    const ja = await run(bob, "show", { ticket: `#${tk.id}` });
    const head = ja.embeds[0]!;
    expect(head.fields?.map((f) => f.name)).toEqual(["ステータス", "優先度", "担当者", "問い合わせ者", "チーム", "受付"]);
    expect(head.fields?.map((f) => f.value)).toEqual([
      "新規",
      "中",
      "*未割り当て*",
      "c@customer.test",
      "Tier 1",
      expect.stringMatching(/^<t:\d+:R>$/),
    ]);
    expect(head.footer?.text).toBe("サポート · メッセージ 1件");
    expect(ja.embeds[1]!.description).toMatch(/^\*\*📨 顧客\*\* · Ada · <t:\d+:R>\nHelp please$/);
    expect(head.title!.length).toBeLessThanOrEqual(limits.embedTitle);
    expect(ja.embeds.reduce((n, e) => n + size(e), 0)).toBeLessThanOrEqual(limits.embedTotal);
    const en = await run(cy, "show", { ticket: `#${tk.id}` });
    expect(en.embeds[0]!.fields?.map((f) => f.name)).toEqual(["Status", "Priority", "Owner", "Requester", "Team", "Opened"]);
    expect(en.embeds[0]!.footer?.text).toBe("Support · 1 message");
    expect(en.embeds[1]!.description).toMatch(/^\*\*📨 Customer\*\*/);
    expect(JSON.stringify(en.embeds[0]!.fields?.map((f) => f.name))).toMatch(ascii);
  });
});
