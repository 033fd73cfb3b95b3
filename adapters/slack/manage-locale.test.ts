// The "manage" actions on Slack in the agent's language: the status modal, and the answers of
// status, assign, claim, release, follow, unfollow, delete, restore and set.
import { describe, expect, it } from "vitest";
import { createTicket } from "../../core/tickets/create-ticket.js";
import { as, testConfigInput, type TestCore } from "../../test/harness.js";
import { japaneseProperties, japaneseTeams } from "../../test/japanese-config.js";
import { limits } from "./escape.js";
import { modalIds } from "./modals.js";
import type { SlackTestApp } from "./testing/app.js";
import { slackSuite } from "./testing/suite.js";
import { blockAction, slashCommand } from "./testing/requests.js";
import type { FakeSlackApi } from "./testing/slack-api.js";

let t: TestCore;
let s: SlackTestApp;
let api: FakeSlackApi;
const japanese = /[\u3040-\u30ff\u4e00-\u9fff]/;

// Cy (Tier 1) and Ada (admin) read Japanese; Bob reads English.
slackSuite((x) => ({ t, s, api } = x), {
  config: {
    ...testConfigInput,
    properties: japaneseProperties,
    pipelines: [
      {
        id: "support",
        name: "Support",
        default: true,
        statuses: [
          { id: "new", name: { en: "New", ja: "新規" }, category: "OPEN" },
          { id: "in_progress", name: { en: "In progress", ja: "対応中" }, category: "OPEN" },
          {
            id: "handed_over",
            name: { en: "Handed over to the second line", ja: "二次対応へ引き継ぎ済みのチケット" },
            category: "OPEN",
            requiredProperties: ["owner", "team", "contact", "product", "vip"],
          },
          { id: "closed", name: { en: "Closed", ja: "完了" }, category: "CLOSED" },
        ],
      },
    ],
    teams: japaneseTeams,
    agents: testConfigInput.agents.map((a) =>
      a.id === "cy" || a.id === "ada" ? { ...a, slackUserId: `U0${a.id.toUpperCase()}`, locale: "ja" } : a,
    ),
  },
});

const o = () => ({ nowMs: s.nowMs() });
const lastAnswer = () => String(api.responses.at(-1)?.body.text ?? "");
const ticket = async (subject = "Printer") => (await createTicket(t.deps, { subject }, as.bob)).id;

async function command(user: string, text: string): Promise<string> {
  await s.send(slashCommand(user, text, o()));
  return lastAnswer();
}

type Plain = { type: "plain_text"; text: string };
type View = {
  callback_id: string;
  title: Plain;
  submit: Plain;
  close: Plain;
  blocks: { block_id: string; label: Plain; hint?: Plain; element: { options?: { text: Plain; value: string }[] } }[];
};

describe("the manage actions on Slack, for an agent who reads Japanese", () => {
  it("shows the status modal in Japanese, its title within Slack's 24 characters", async () => {
    const id = await ticket();
    await s.send(
      blockAction(
        "U0CY",
        {
          action_id: "ticket.status",
          block_id: `card.actions.${id}`,
          type: "static_select",
          selected_option: { value: `handed_over:${id}` },
        },
        o(),
      ),
    );
    const view = api.of("views.open").at(-1)!.body.view as View;
    expect(view.callback_id).toBe(modalIds.status);
    expect(view.title.text.length).toBeLessThanOrEqual(limits.modalTitle);
    expect(view.title.text).toMatch(/^二次対応へ引き継ぎ済み/);
    expect(view.submit.text).toBe("ステータスを設定");
    expect(view.close.text).toBe("キャンセル");
    expect(view.blocks.map((b) => [b.block_id, b.label.text])).toEqual([
      ["owner", "担当者"],
      ["team", "チーム"],
      ["contact", "依頼者のメールアドレス"],
      ["properties.product", "製品"],
      ["properties.vip", "重要顧客"],
    ]);
    expect(view.blocks[2]!.hint?.text).toMatch(japanese);
    expect(view.blocks[1]!.element.options!.map((o) => o.text.text)).toEqual(["一次対応"]);
    expect(view.blocks[4]!.element.options!.map((o) => [o.text.text, o.value])).toEqual([
      ["はい", "true"],
      ["いいえ", "false"],
    ]);
  });

  it("changes the status by its Japanese name and answers in Japanese; an unknown one is refused in Japanese", async () => {
    const id = await ticket();
    const done = await command("U0CY", `status #${id} 対応中`);
    expect(done).toContain(`#${id}`);
    expect(done).toContain("対応中");
    expect(done).toMatch(japanese);
    expect((await t.prisma.ticket.findUniqueOrThrow({ where: { id } })).statusId).toBe("in_progress");
    const refused = await command("U0CY", `status #${id} nowhere`);
    expect(refused).toContain("nowhere");
    expect(refused).toMatch(japanese);
    expect(refused).not.toMatch(/has no status/);
  });

  it("answers assign, claim and release in Japanese, and Bob still in English", async () => {
    const id = await ticket();
    expect(await command("U0CY", `claim #${id}`)).toBe(`:white_check_mark: #${id} の担当者になりました。`);
    expect(await command("U0CY", `release #${id}`)).toBe(`:white_check_mark: #${id} は未割り当てのキューに戻りました。`);
    expect(await command("U0CY", `assign #${id} me`)).toBe(`:white_check_mark: #${id} の担当者は Cy です。`);
    expect(await command("U0CY", `assign #${id} nobody`)).toBe(`:white_check_mark: #${id} は未割り当てになりました。`);
    const refused = await command("U0CY", `assign #${id} someone`);
    expect(refused).toMatch(japanese);
    expect(refused).not.toMatch(/Name the new owner/);
    await s.send(
      blockAction(
        "U0CY",
        { action_id: "ticket.assign", block_id: `card.actions.${id}`, type: "users_select", selected_user: "U0STRANGER" },
        o(),
      ),
    );
    expect(lastAnswer()).toBe(":warning: その人はヘルプデスクの担当者ではありません。");
    expect(await command("U0BOB", `claim #${id}`)).toBe(`:white_check_mark: You own #${id} now.`);
  });

  it("answers follow and unfollow, by command and from the overflow menu, in Japanese", async () => {
    const id = await ticket();
    expect(await command("U0CY", `follow #${id}`)).toBe(`:white_check_mark: #${id} をフォローしました。`);
    expect(await command("U0CY", `unfollow #${id}`)).toBe(`:white_check_mark: #${id} のフォローを解除しました。`);
    const more = (item: string) =>
      blockAction(
        "U0CY",
        { action_id: "ticket.more", block_id: `card.actions.${id}`, type: "overflow", selected_option: { value: `${item}:${id}` } },
        o(),
      );
    await s.send(more("follow"));
    expect(lastAnswer()).toBe(`:bell: #${id} をフォローしました。`);
    await s.send(more("follow"));
    expect(lastAnswer()).toBe(`:no_bell: #${id} のフォローを解除しました。`);
  });

  it("answers delete and restore in Japanese", async () => {
    const id = await ticket();
    expect(await command("U0ADA", `delete #${id}`)).toBe(`:white_check_mark: #${id} を削除しました。管理者が復元できます。`);
    expect(await command("U0ADA", `restore #${id}`)).toBe(`:white_check_mark: #${id} を復元しました。`);
    await s.send(
      blockAction(
        "U0ADA",
        { action_id: "ticket.more", block_id: `card.actions.${id}`, type: "overflow", selected_option: { value: `delete:${id}` } },
        o(),
      ),
    );
    expect(lastAnswer()).toBe(`:wastebasket: #${id} を削除しました。管理者はカードから復元できます。`);
  });

  it("answers set in Japanese, and refuses an unknown priority in Japanese", async () => {
    const id = await ticket();
    expect(await command("U0CY", `set #${id} priority=high`)).toBe(`:white_check_mark: #${id} を更新しました。`);
    const refused = await command("U0CY", `set #${id} priority=sky-high`);
    expect(refused).toContain("sky-high");
    expect(refused).toMatch(japanese);
    expect(refused).not.toMatch(/is not a priority/);
  });
});
