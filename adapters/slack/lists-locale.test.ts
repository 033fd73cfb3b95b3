// `/ticket queue`, `find`, `show` and `help` answer a Japanese agent (config `locale: "ja"`) in
// Japanese: titles, each ticket's line with the configured Japanese status name, the ticket's
// details, the help text from the action catalogue, within Slack's block limits; an English agent
// still reads them in English.
import { describe, expect, it } from "vitest";
import { commentOnTicket } from "../../core/tickets/comment-on-ticket.js";
import { createTicket } from "../../core/tickets/create-ticket.js";
import { as, testConfigInput, type TestCore } from "../../test/harness.js";
import { japanesePipelines } from "../../test/japanese-config.js";
import { limits } from "./escape.js";
import type { SlackTestApp } from "./testing/app.js";
import { slackSuite } from "./testing/suite.js";
import { slashCommand } from "./testing/requests.js";
import type { FakeSlackApi } from "./testing/slack-api.js";

let t: TestCore;
let s: SlackTestApp;
let api: FakeSlackApi;

slackSuite((x) => ({ t, s, api } = x), {
  config: {
    ...testConfigInput,
    pipelines: japanesePipelines,
    agents: testConfigInput.agents.map((a) =>
      a.id === "cy" ? { ...a, slackUserId: "U0CY", locale: "ja" } : a.id === "bob" ? { ...a, locale: "en" } : a,
    ),
  },
});

type Block = { type: string; text?: { text: string }; elements?: { text: string }[] };

async function ask(user: string, text: string) {
  await s.send(slashCommand(user, text, { nowMs: s.nowMs() }));
  const body = api.responses.at(-1)?.body as { text?: string; blocks?: Block[] } | undefined;
  return { text: String(body?.text ?? ""), blocks: body?.blocks ?? [] };
}

const texts = (blocks: Block[]) => blocks.flatMap((b) => [...(b.text ? [b.text.text] : []), ...(b.elements ?? []).map((e) => e.text)]);

const open = (subject: string) =>
  createTicket(t.deps, { subject, text: "Help please", requester: { email: "c@customer.test" }, teamId: "tier1" }, as.ada);

describe("Slack ticket lists for a Japanese agent", () => {
  it("/ticket queue: a Japanese title, status name, priority and 未割り当て; the English agent's list unchanged", async () => {
    const tk = await open("Printer");
    const ja = await ask("U0CY", "queue unassigned");
    expect(ja.text).toMatch(/^キュー: 未割り当て: \d+件$/);
    expect(ja.blocks[0]!.text!.text).toMatch(/^\*キュー: 未割り当て\*\n/);
    expect(ja.blocks[0]!.text!.text).toMatch(
      new RegExp(`\\*#${tk.id}\\* Printer · 新規 · 中 · 未割り当て · <!date\\^\\d+\\^\\{ago\\}\\|[^>]+>`),
    );
    const en = await ask("U0BOB", "queue all");
    expect(en.text).toMatch(/^Queue: all: \d+ tickets?$/);
    expect(en.blocks[0]!.text!.text).toContain(`*#${tk.id}* Printer · New · medium · unassigned · <!date^`);
  });

  it("/ticket queue: many long Japanese lines stay within Slack's section and block limits, with the footer in Japanese", async () => {
    for (let n = 0; n < 26; n++) await open(`${n} ${"プリンターが動かない".repeat(20)}`);
    const ja = await ask("U0CY", "queue all");
    expect(ja.blocks.length).toBeLessThanOrEqual(limits.blocksPerMessage);
    for (const text of texts(ja.blocks)) expect(text.length).toBeLessThanOrEqual(limits.sectionText);
    expect(ja.blocks.at(-1)!.elements![0]!.text).toBe("表示しきれないチケットがあります。`/ticket find` で絞り込んでください。");
  });

  it("/ticket find: a Japanese title, and 該当するチケットはありません when nothing matches; a bad queue refused in Japanese", async () => {
    const tk = await open("Unique zebra request");
    const found = await ask("U0CY", "find zebra");
    expect(found.text).toBe("「zebra」に一致するチケット: 1件");
    expect(found.blocks[0]!.text!.text).toContain(`*#${tk.id}* Unique zebra request · 新規`);
    expect((await ask("U0CY", "find nothing-like-this")).text).toBe(
      "「nothing-like-this」に一致するチケット: 該当するチケットはありません。",
    );
    expect((await ask("U0CY", "queue nope")).text).toMatch(/^:warning: 「nope」というキューはありません。/);
  });

  it("/ticket show: the ticket's details and messages in Japanese, within Slack's limits", async () => {
    const tk = await open("長い件名".repeat(100));
    await commentOnTicket(t.deps, { ticketId: tk.id, text: "社内メモです" }, as.bob);
    const ja = await ask("U0CY", `show #${tk.id}`);
    const all = texts(ja.blocks);
    expect(all[1]).toBe("問い合わせ者: c@customer.test · チーム: Tier 1 · パイプライン: サポート");
    expect(all.some((x) => /^\*顧客\* · Ada · <!date\^/.test(x))).toBe(true);
    expect(all.some((x) => /^\*メモ\* · Bob · <!date\^/.test(x))).toBe(true);
    expect(ja.blocks.length).toBeLessThanOrEqual(limits.blocksPerMessage);
    for (const text of all) expect(text.length).toBeLessThanOrEqual(limits.sectionText);
    const en = await ask("U0BOB", `show #${tk.id}`);
    expect(texts(en.blocks)[1]).toBe("Requester: c@customer.test · Team: Tier 1 · Pipeline: Support");
    expect(texts(en.blocks).some((x) => /^\*Note\* · Bob · /.test(x))).toBe(true);
  });

  it("/ticket help: the title, every subcommand's description and the last line in Japanese", async () => {
    const ja = await ask("U0CY", "help");
    const lines = ja.text.split("\n");
    expect(lines[0]).toBe("*/ticket* — Slack からヘルプデスクのチケットに対応します");
    expect(lines).toContain("`/ticket find <text>` 番号、件名、問い合わせ者でチケットを検索します。");
    expect(lines.at(-1)).toBe("`/ticket help` このヘルプを表示します。");
    expect(ja.text.length).toBeLessThanOrEqual(limits.messageText);
    const en = await ask("U0BOB", "help");
    expect(en.text.split("\n")[0]).toBe("*/ticket* — work help desk tickets from Slack");
    expect(en.text.split("\n").at(-1)).toBe("`/ticket help` This list.");
  });

  it("/ticket help: lists connect and disconnect (not catalogue actions), in each agent's language", async () => {
    const ja = (await ask("U0CY", "help")).text.split("\n");
    expect(ja).toContain(
      "`/ticket connect [会社のメールドメイン]` このチャンネルを顧客チャンネルにします。顧客の新しいメッセージがチケットになります。会社のメールドメインを付けるとその会社の顧客になります(管理者)。",
    );
    expect(ja).toContain("`/ticket disconnect` このチャンネルを顧客チャンネルでなくします。チケットはそのまま残ります(管理者)。");
    const en = (await ask("U0BOB", "help")).text.split("\n");
    expect(en.find((l) => l.startsWith("`/ticket connect [company domain]` "))).toContain("customer channel");
    expect(en.find((l) => l.startsWith("`/ticket disconnect` "))).toContain("customer channel");
    expect(en.at(-1)).toBe("`/ticket help` This list.");
  });
});
