// The modals' JSON as each action builds it: field shapes, and Discord's limits on any modal.
import { describe, expect, it } from "vitest";
import { changeStatus, type StatusRequirement } from "./actions/change-status.js";
import { comment } from "./actions/comment.js";
import { create } from "./actions/create.js";
import { merge } from "./actions/merge.js";
import { reply } from "./actions/reply.js";
import { split } from "./actions/split.js";
import { modalLimits } from "./modal-views.js";
import { english, Formats, speechIn } from "../../core/index.js";

/** Whoever the modal is for: an English reader, and a Japanese one in Tokyo. */
const en = speechIn(english);
const ja = speechIn(new Formats("ja", "Asia/Tokyo"));
const japanese = /[\u3040-\u30ff\u4e00-\u9fff]/;

// Each action's modal builders, as its action holds them.
const { comment: commentModal } = comment.modals;
const { new: createModal } = create.modals;
const { merge: mergeModal } = merge.modals;
const { reply: replyModal } = reply.modals;
const { split: splitModal } = split.modals;
const { status: statusModal } = changeStatus.modals;

type Label = {
  type: number;
  content?: string;
  label: string;
  description?: string;
  component: {
    type: number;
    custom_id: string;
    value?: string;
    max_length?: number;
    required?: boolean;
    min_values?: number;
    max_values?: number;
    options?: { label: string; value: string; description?: string; default?: boolean }[];
  };
};
type Modal = { custom_id: string; title: string; components: Label[] };

/** Every modal rule Discord enforces, checked on any modal the adapter builds. */
function expectWithinLimits(m: Modal): void {
  expect(m.title.length).toBeLessThanOrEqual(modalLimits.title);
  expect(m.custom_id.length).toBeLessThanOrEqual(100);
  expect(m.components.length).toBeGreaterThan(0);
  expect(m.components.length).toBeLessThanOrEqual(modalLimits.components);
  for (const l of m.components) {
    if (l.type === 10) continue;
    expect(l.type).toBe(18);
    expect(l.label.length).toBeLessThanOrEqual(45);
    expect((l.description ?? "").length).toBeLessThanOrEqual(100);
    expect((l.component.value ?? "").length).toBeLessThanOrEqual(l.component.max_length ?? 4000);
    expect(l.component.max_length ?? 0).toBeLessThanOrEqual(4000);
    const options = l.component.options ?? [];
    expect(options.length).toBeLessThanOrEqual(25);
    for (const o of options)
      expect([o.label.length <= 100, o.value.length <= 100, (o.description ?? "").length <= 100]).toEqual([true, true, true]);
  }
}

describe("modal builders", () => {
  const statuses = Array.from({ length: 30 }, (_, n) => ({ id: `s${n}`, name: `Status ${"x".repeat(120)} ${n}` }));

  it("reply: the draft (cut to 4,000, saying so), Cc, Bcc and an optional status select of at most 25", () => {
    const m = replyModal(en, 123456789, { draft: "d".repeat(5000), statuses, currentStatusId: "s1", statusId: "s2" }) as Modal;
    expectWithinLimits(m);
    expect(m.custom_id).toBe("modal:reply:123456789");
    // The cut is said above the fields, not done silently.
    expect(m.components[0]).toEqual({
      type: 10,
      content: expect.stringMatching(
        /^⚠️ Reply to the customer: the saved text is 5,000 characters; only the first 4,000 fit here, the rest is cut\.$/,
      ),
    });
    const fields = m.components.slice(1);
    expect(fields.map((l) => [l.component.type, l.component.custom_id])).toEqual([
      [4, "text"],
      [4, "cc"],
      [4, "bcc"],
      [3, "status"],
    ]);
    expect(fields[0]!.component).toMatchObject({ style: 2, required: true, max_length: 4000 });
    expect(fields[0]!.component.value).toHaveLength(4000);
    const short = replyModal(en, 1, { draft: "d".repeat(4000), statuses }) as Modal;
    expect(short.components.map((l) => l.type)).toEqual([18, 18, 18, 18]);
    const select = fields[3]!.component;
    expect(select).toMatchObject({ required: false, min_values: 0, max_values: 1 });
    expect(select.options?.[1]).toMatchObject({ value: "s1", description: "Current status" });
    expect(select.options?.filter((o) => o.default).map((o) => o.value)).toEqual(["s2"]);
  });

  it("split: a multi-select of the latest 25 messages, one line each, and an optional subject", () => {
    const messages = Array.from({ length: 30 }, (_, n) => ({
      id: `m${n}`,
      kind: "INBOUND",
      text: `line one\nline two ${"y".repeat(200)}`,
      createdAt: new Date(Date.UTC(2026, 0, 1, 0, n)),
    }));
    const m = splitModal(en, 7, messages) as Modal;
    expectWithinLimits(m);
    const select = m.components[0]!.component;
    expect(select).toMatchObject({ type: 3, custom_id: "messages", min_values: 1, max_values: 25 });
    expect(select.options?.[0]).toMatchObject({ value: "m5", description: "Jan 1, 2026, 12:05 AM" });
    expect(select.options?.[0]!.label).toMatch(/^Customer: line one line two y+…$/);
    expect(m.components[1]!.component).toMatchObject({ custom_id: "subject", required: false });
  });

  it("status: one field per requirement, in the widget that fits it, at most five", () => {
    const missing: StatusRequirement[] = [
      { name: "owner", label: "Owner" },
      { name: "team", label: "Team", teams: [{ id: "tier1", name: "Tier 1" }] },
      { name: "contact", label: "Requester email" },
      {
        name: "product",
        label: "Product",
        property: { name: "product", label: "Product", labels: { en: "Product" }, type: "select", options: ["web", "mobile"] },
      },
      { name: "vip", label: "VIP", property: { name: "vip", label: "VIP", labels: { en: "VIP" }, type: "boolean" } },
      { name: "due", label: "Due", property: { name: "due", label: "Due", labels: { en: "Due" }, type: "date" } },
    ];
    const m = statusModal(en, 9, "resolved", missing, "A status with a name far longer than a modal title") as Modal;
    expectWithinLimits(m);
    expect(m.custom_id).toBe("modal:status:9:resolved");
    expect(m.components.map((l) => [l.component.type, l.component.custom_id])).toEqual([
      [5, "req.owner"],
      [3, "req.team"],
      [4, "req.contact"],
      [3, "req.product"],
      [3, "req.vip"],
    ]);
    expect(m.components[4]!.component.options?.map((o) => o.value)).toEqual(["true", "false"]);
  });

  it("status: in Japanese, the title and hints in it and within Discord's lengths, whatever the status's name", () => {
    const missing: StatusRequirement[] = [
      { name: "owner", label: "担当者" },
      { name: "contact", label: "依頼者のメールアドレス" },
      { name: "vip", label: "重要顧客", property: { name: "vip", label: "VIP", labels: { en: "VIP", ja: "重要顧客" }, type: "boolean" } },
    ];
    const m = statusModal(ja, 9, "handed_over", missing, "二次対応チームへ引き継ぎ済みで顧客からの返信を待っている状態のチケット") as Modal;
    expectWithinLimits(m);
    expect(m.title).toMatch(/^二次対応/);
    expect(m.components.map((l) => l.description)).toEqual([expect.stringMatching(japanese), expect.stringMatching(japanese), undefined]);
    expect(m.components[2]!.component.options?.map((o) => o.label)).toEqual(["はい", "いいえ"]);
  });

  it("says a cut in the cut field's hint when the modal has no room for a line", () => {
    const c = createModal(en, {
      subject: "Long",
      text: "t".repeat(4500),
      pipelines: [
        { id: "a", name: "A" },
        { id: "b", name: "B" },
      ],
    }) as Modal;
    expectWithinLimits(c);
    expect(c.components).toHaveLength(5);
    const text = c.components.find((l) => l.component.custom_id === "text")!;
    expect(text.component.value).toHaveLength(4000);
    expect(text.description).toMatch(/^⚠️ .*4,500 characters; only the first 4,000 fit here/);
  });

  it("status: a text input where a select cannot hold a property's or team's options, never an empty or cut select", () => {
    const many = Array.from({ length: 30 }, (_, n) => `plan-${n}`);
    const long = ["short", `x${"y".repeat(120)}`];
    const missing: StatusRequirement[] = [
      { name: "plan", label: "Plan", property: { name: "plan", label: "Plan", labels: { en: "Plan" }, type: "select", options: many } },
      { name: "sku", label: "SKU", property: { name: "sku", label: "SKU", labels: { en: "SKU" }, type: "select", options: long } },
      { name: "none", label: "None", property: { name: "none", label: "None", labels: { en: "None" }, type: "select", options: [] } },
      { name: "team", label: "Team", teams: Array.from({ length: 26 }, (_, n) => ({ id: `t${n}`, name: `Team ${n}` })) },
      {
        name: "size",
        label: "Size",
        property: { name: "size", label: "Size", labels: { en: "Size" }, type: "select", options: ["s", "m"] },
      },
    ];
    const m = statusModal(en, 9, "resolved", missing) as Modal;
    expectWithinLimits(m);
    expect(m.components.map((l) => [l.component.type, l.component.custom_id])).toEqual([
      [4, "req.plan"],
      [4, "req.sku"],
      [4, "req.none"],
      [4, "req.team"],
      [3, "req.size"],
    ]);
    expect(m.components[0]!.description).toMatch(/^Type one of: plan-0, plan-1/);
    expect(m.components[0]!.component.required).toBe(true);
    expect(m.components[1]!.component.max_length).toBe(4000);
    expect(m.components[3]!.description).toMatch(/team's name/);
  });

  it("create, comment and merge", () => {
    const c = createModal(en, {
      subject: "s".repeat(300),
      teamId: "vip",
      pipelines: [
        { id: "a", name: "A" },
        { id: "b", name: "B" },
      ],
      defaultPipelineId: "b",
    }) as Modal;
    expectWithinLimits(c);
    expect(c.custom_id).toBe("modal:new:vip");
    expect(c.components.map((l) => l.component.custom_id)).toEqual(["subject", "text", "requester", "priority", "pipeline"]);
    expect(c.components[3]!.component.options?.find((o) => o.default)?.value).toBe("medium");
    expect(c.components[4]!.component.options?.find((o) => o.default)?.value).toBe("b");
    expect((createModal(en) as Modal).components).toHaveLength(4);
    expectWithinLimits(commentModal(en, 1) as Modal);
    expectWithinLimits(mergeModal(en, 1) as Modal);
  });

  it("in Japanese: every text of the reply, note, new-ticket, split and merge modals, within Discord's limits", () => {
    const messages = [{ id: "m1", kind: "INBOUND", text: "プリンターが動きません", createdAt: new Date(Date.UTC(2026, 0, 1, 0, 5)) }];
    const long = 999_999_999;
    const modals = [
      replyModal(ja, long, { draft: "d".repeat(5000), statuses, currentStatusId: "s1" }),
      createModal(ja, {
        subject: "件名",
        text: "t".repeat(4500),
        pipelines: [
          { id: "a", name: "サポート" },
          { id: "b", name: "営業" },
        ],
      }),
      commentModal(ja, long),
      mergeModal(ja, long),
      splitModal(ja, long, messages),
    ] as Modal[];
    for (const m of modals) {
      expectWithinLimits(m);
      expect(m.title).toMatch(japanese);
      // Cc and Bcc are written so in Japanese mail forms too.
      for (const l of m.components) if (!["Cc", "Bcc"].includes(l.label)) expect(l.type === 10 ? l.content : l.label).toMatch(japanese);
    }
    const split = modals[4]!.components[0]!.component.options![0]!;
    // The message's time in the reader's time zone (09:05 in Tokyo), its kind in Japanese.
    expect([split.label, split.description]).toEqual(["顧客: プリンターが動きません", "2026/01/01 9:05"]);
  });
});
