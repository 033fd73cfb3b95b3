// The "manage" actions on Discord in the agent's language: the status modal and its refusals, and
// the answers and pickers of status, assign, claim, release, follow, unfollow, delete, restore and set.
import { describe, expect, it } from "vitest";
import { createTicket } from "../../core/tickets/create-ticket.js";
import { as, testConfigInput, type TestCore } from "../../test/harness.js";
import { japaneseProperties, japaneseTeams } from "../../test/japanese-config.js";
import { modalLimits } from "./modal-views.js";
import type { DiscordTestClient } from "./testing/client.js";
import { discordSuite } from "./testing/suite.js";
import type { FakeDiscordApi } from "./testing/discord-api.js";
import {
  button,
  chatInput,
  modalSubmit,
  type ModalValue,
  type OptionValue,
  rawMessage,
  stringSelect,
  userSelect,
  type Who,
} from "./testing/payloads.js";

let t: TestCore;
let d: DiscordTestClient;
let api: FakeDiscordApi;
const bob: Who = { id: "100000000000000001", name: "Bob" };
const ada: Who = { id: "100000000000000002", name: "Ada" };
const cy: Who = { id: "100000000000000003", name: "Cy" };
const stranger: Who = { id: "100000000000000077", name: "Mallory" };
const japanese = /[\u3040-\u30ff\u4e00-\u9fff]/;

const allFive = ["owner", "team", "contact", "product", "vip"];

// Cy (Tier 1) and Ada (admin) read Japanese, whatever their Discord client says; Bob reads English.
discordSuite((s) => ({ t, d, api } = s), {
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
          { id: "handed_over", name: { en: "Handed over", ja: "二次対応へ引き継ぎ済み" }, category: "OPEN", requiredProperties: allFive },
          { id: "audited", name: { en: "Audited", ja: "監査済み" }, category: "OPEN", requiredProperties: [...allFive, "resolution"] },
          { id: "closed", name: { en: "Closed", ja: "完了" }, category: "CLOSED" },
        ],
      },
    ],
    teams: japaneseTeams,
    agents: testConfigInput.agents.map((a) =>
      a.id === "cy" ? { ...a, discordUserId: cy.id, locale: "ja" } : a.id === "ada" ? { ...a, discordUserId: ada.id, locale: "ja" } : a,
    ),
  },
});

/** As Discord sends it: JSON, so no key is present with an undefined value. */
const asSent = <T>(raw: T): T => JSON.parse(JSON.stringify(raw)) as T;
const open = async (subject = "Printer") => (await createTicket(t.deps, { subject }, as.bob)).id;
const row = (id: number) => t.prisma.ticket.findUniqueOrThrow({ where: { id } });

/** What the interaction was answered: the callback (a modal, a message), and the last private message after it. */
async function answerTo(raw: { id: string }) {
  await d.interact(asSent(raw));
  const said = api
    .webhookMessages()
    .filter((c) => c.path.includes(`/token-${raw.id}/`))
    .at(-1)?.body;
  const cb = api.callbackFor(raw.id);
  return { cb, said: String(said?.content ?? cb?.data.content ?? ""), body: said };
}

const run = (who: Who, sub: string, options: Record<string, OptionValue> = {}, users: Record<string, Who> = {}) =>
  answerTo(chatInput(who, sub, options, {}, users));

type Label = {
  label: string;
  description?: string;
  component: { custom_id: string; placeholder?: string; options?: { label: string; value: string }[] };
};
/** The components of a callback or webhook body, flattened out of their rows. */
const controls = (data: Record<string, unknown>) =>
  ((data.components ?? []) as { components: Record<string, unknown>[] }[]).flatMap((r) => r.components);

describe("the manage actions on Discord, for an agent who reads Japanese", () => {
  it("shows the status modal in Japanese, within Discord's title and label lengths", async () => {
    const id = await open();
    const { cb } = await run(cy, "status", { ticket: `#${id}`, status: "handed_over" });
    expect(cb).toMatchObject({ type: 9, data: { custom_id: `modal:status:${id}:handed_over`, title: "二次対応へ引き継ぎ済み に設定" } });
    const data = cb!.data as { title: string; components: Label[] };
    expect(data.title.length).toBeLessThanOrEqual(modalLimits.title);
    for (const l of data.components) expect(l.label.length).toBeLessThanOrEqual(modalLimits.label);
    expect(data.components.map((l) => l.label)).toEqual(["担当者", "チーム", "依頼者のメールアドレス", "製品", "重要顧客"]);
    for (const l of data.components.slice(0, 3)) expect(l.description).toMatch(japanese);
    expect(data.components[1]!.component.options!.map((o) => o.label)).toEqual(["一次対応", "VIP"]);
    expect(data.components[4]!.component.options!.map((o) => [o.label, o.value])).toEqual([
      ["はい", "true"],
      ["いいえ", "false"],
    ]);
  });

  it("refuses a non-agent owner and an unknown team of the status modal in Japanese", async () => {
    const id = await open();
    const fields = (owner: Who, team: string): Record<string, ModalValue> => ({
      "req.owner": { users: [owner] },
      "req.team": [team],
      "req.contact": "c@customer.test",
      "req.product": ["web"],
      "req.vip": ["true"],
    });
    const noAgent = await answerTo(modalSubmit(cy, `modal:status:${id}:handed_over`, fields(stranger, "tier1")));
    expect(noAgent.said).toBe("⚠️ 担当者: ヘルプデスクの担当者を選んでください。");
    const noTeam = await answerTo(modalSubmit(cy, `modal:status:${id}:handed_over`, fields(cy, "nowhere")));
    expect(noTeam.said).toBe("⚠️ チーム: いずれかのチームを選んでください。");
    expect((await row(id)).statusId).toBe("new");
    const ok = await answerTo(modalSubmit(cy, `modal:status:${id}:handed_over`, fields(cy, "tier1")));
    expect(ok.said).toBe(`✅ #${id} のステータスは **二次対応へ引き継ぎ済み** になりました。`);
  });

  it("explains a status that needs more than one form can ask, in Japanese", async () => {
    const id = await open();
    const { said } = await run(cy, "status", { ticket: `#${id}`, status: "audited" });
    expect(said).toMatch(/^⚠️ \*\*監査済み\*\* にするには、#\d+ にまだ 6 項目が必要/);
    expect(said).toContain("`/ticket set properties: product=… vip=… resolution=…`");
  });

  it("changes a status by its Japanese name at once and says so in Japanese; Bob reads English", async () => {
    const id = await open();
    expect((await run(cy, "status", { ticket: `#${id}`, status: "対応中" })).said).toBe(
      `✅ #${id} のステータスは **対応中** になりました。`,
    );
    expect((await run(bob, "status", { ticket: `#${id}`, status: "closed" })).said).toBe(`✅ #${id} is **Closed** now.`);
  });

  it("answers assign, claim and release in Japanese", async () => {
    const id = await open();
    expect((await run(cy, "claim", { ticket: `#${id}` })).said).toBe(`✅ #${id} の担当者になりました。`);
    expect((await run(cy, "release", { ticket: `#${id}` })).said).toBe(`✅ #${id} は未割り当てのキューに戻りました。`);
    expect((await run(cy, "assign", { ticket: `#${id}`, owner: bob.id }, { owner: bob })).said).toBe(
      `✅ #${id} の担当者は Bob になりました。`,
    );
    const refused = await run(cy, "assign", { ticket: `#${id}`, owner: stranger.id }, { owner: stranger });
    expect(refused.said).toContain("Mallory はヘルプデスクの担当者ではないため");
  });

  it("offers the assign picker in Japanese and answers its choice in Japanese", async () => {
    const p = await d.postedTicket("Assign me");
    const offer = await answerTo(stringSelect(cy, `ticket:more:${p.id}`, ["assign"], p.where, p.card));
    expect(offer.cb!.data.content).toBe(`#${p.id} の担当者を選んでください。`);
    expect(controls(offer.cb!.data)).toEqual([expect.objectContaining({ placeholder: "担当者を選択" })]);
    const picker = rawMessage(p.thread, { flags: 64, components: offer.cb!.data.components as unknown[] });
    await d.interact(asSent(userSelect(cy, `pick:assign:${p.id}`, [stranger], p.where, picker)));
    expect(String(api.webhookMessages().at(-1)!.body.content)).toBe(
      "⚠️ その人はヘルプデスクの担当者ではありません。担当者を選んでください。",
    );
    await d.interact(asSent(userSelect(cy, `pick:assign:${p.id}`, [cy], p.where, picker)));
    expect(String(api.webhookMessages().at(-1)!.body.content)).toBe(`✅ #${p.id} の担当者は Cy になりました。`);
  });

  it("answers follow and unfollow, by command and from More, in Japanese", async () => {
    const p = await d.postedTicket("Follow me");
    expect((await run(cy, "follow", { ticket: `#${p.id}` })).said).toBe(`✅ #${p.id} をフォローしました。返信と社内メモが届きます。`);
    expect((await run(cy, "unfollow", { ticket: `#${p.id}` })).said).toBe(`✅ #${p.id} のフォローを解除しました。`);
    await d.interact(stringSelect(cy, `ticket:more:${p.id}`, ["follow"], p.where, p.card));
    expect(String(api.webhookMessages().at(-1)!.body.content)).toBe(`🔔 #${p.id} をフォローしました。返信と社内メモが DM で届きます。`);
    await d.interact(stringSelect(cy, `ticket:more:${p.id}`, ["follow"], p.where, p.card));
    expect(String(api.webhookMessages().at(-1)!.body.content)).toBe(`🔕 #${p.id} のフォローを解除しました。`);
  });

  it("asks before deleting in Japanese, and answers delete and restore in Japanese", async () => {
    const p = await d.postedTicket("Delete me");
    const ask = await answerTo(stringSelect(ada, `ticket:more:${p.id}`, ["delete"], p.where, p.card));
    expect(ask.cb!.data.content).toBe(`#${p.id} を削除しますか？キューから外れます。管理者はカードから復元できます。`);
    expect(controls(ask.cb!.data)).toEqual([expect.objectContaining({ label: `#${p.id} を削除` })]);
    const picker = rawMessage(p.thread, { flags: 64, components: ask.cb!.data.components as unknown[] });
    await d.interact(button(ada, `pick:delete:${p.id}`, p.where, picker));
    expect(String(api.webhookMessages().at(-1)!.body.content)).toBe(`🗑️ #${p.id} を削除しました。管理者はカードから復元できます。`);
    expect((await run(ada, "restore", { ticket: `#${p.id}` })).said).toBe(`✅ #${p.id} を復元しました。`);
    expect((await run(ada, "delete", { ticket: `#${p.id}` })).said).toBe(`✅ #${p.id} を削除しました。管理者が復元できます。`);
  });

  it("answers set in Japanese, with the priority, team and fields in Japanese, and asks what to change in Japanese", async () => {
    const id = await open();
    const { said } = await run(cy, "set", { ticket: `#${id}`, priority: "high", team: "Tier 1", properties: "product=web" });
    expect(said).toBe(`✅ #${id} を更新しました。優先度は高、一次対応 の担当者が閲覧できます。製品 を設定しました。`);
    const nothing = await run(cy, "set", { ticket: `#${id}` });
    expect(nothing.said).toMatch(japanese);
    expect(nothing.said).not.toContain("Say what to change");
  });
});
