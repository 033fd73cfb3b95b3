// The modals' JSON (shapes and Discord's limits) and what their submissions do, driven through the
// real client with raw MODAL_SUBMIT payloads in the label-component shape Discord sends.
import { describe, expect, it } from "vitest";
import { commentOnTicket } from "../../core/tickets/comment-on-ticket.js";
import { createTicket } from "../../core/tickets/create-ticket.js";
import { as, type TestCore } from "../../test/harness.js";
import { changeStatus, type StatusRequirement } from "./actions/change-status.js";
import { comment } from "./actions/comment.js";
import { create } from "./actions/create.js";
import { merge } from "./actions/merge.js";
import { reply } from "./actions/reply.js";
import { split } from "./actions/split.js";
import { modalLimits } from "./modal-views.js";
import type { DiscordTestClient } from "./testing/client.js";
import { discordSuite } from "./testing/suite.js";
import type { FakeDiscordApi } from "./testing/discord-api.js";
import { modalSubmit, type ModalValue } from "./testing/payloads.js";

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
    const m = replyModal(123456789, { draft: "d".repeat(5000), statuses, currentStatusId: "s1", statusId: "s2" }) as Modal;
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
    const short = replyModal(1, { draft: "d".repeat(4000), statuses }) as Modal;
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
    const m = splitModal(7, messages) as Modal;
    expectWithinLimits(m);
    const select = m.components[0]!.component;
    expect(select).toMatchObject({ type: 3, custom_id: "messages", min_values: 1, max_values: 25 });
    expect(select.options?.[0]).toMatchObject({ value: "m5", description: "2026-01-01 00:05 UTC" });
    expect(select.options?.[0]!.label).toMatch(/^inbound: line one line two y+…$/);
    expect(m.components[1]!.component).toMatchObject({ custom_id: "subject", required: false });
  });

  it("status: one field per requirement, in the widget that fits it, at most five", () => {
    const missing: StatusRequirement[] = [
      { name: "owner", label: "Owner" },
      { name: "team", label: "Team", teams: [{ id: "tier1", name: "Tier 1" }] },
      { name: "contact", label: "Requester email" },
      { name: "product", label: "Product", property: { name: "product", label: "Product", type: "select", options: ["web", "mobile"] } },
      { name: "vip", label: "VIP", property: { name: "vip", label: "VIP", type: "boolean" } },
      { name: "due", label: "Due", property: { name: "due", label: "Due", type: "date" } },
    ];
    const m = statusModal(9, "resolved", missing, "A status with a name far longer than a modal title") as Modal;
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

  it("says a cut in the cut field's hint when the modal has no room for a line", () => {
    const c = createModal({
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
      { name: "plan", label: "Plan", property: { name: "plan", label: "Plan", type: "select", options: many } },
      { name: "sku", label: "SKU", property: { name: "sku", label: "SKU", type: "select", options: long } },
      { name: "none", label: "None", property: { name: "none", label: "None", type: "select", options: [] } },
      { name: "team", label: "Team", teams: Array.from({ length: 26 }, (_, n) => ({ id: `t${n}`, name: `Team ${n}` })) },
      { name: "size", label: "Size", property: { name: "size", label: "Size", type: "select", options: ["s", "m"] } },
    ];
    const m = statusModal(9, "resolved", missing) as Modal;
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
    const c = createModal({
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
    expect((createModal() as Modal).components).toHaveLength(4);
    expectWithinLimits(commentModal(1) as Modal);
    expectWithinLimits(mergeModal(1) as Modal);
  });
});

let t: TestCore;
let d: DiscordTestClient;
let api: FakeDiscordApi;
const bob = { id: "100000000000000001", name: "Bob" };

discordSuite((s) => ({ t, d, api } = s));

const open = (subject: string) => createTicket(t.deps, { subject, text: "Help please", requester: { email: "c@customer.test" } }, as.ada);
const row = (id: number) => t.prisma.ticket.findUniqueOrThrow({ where: { id } });

/** Submits a modal as Bob: the deferral and the answer that followed it. */
async function submit(customId: string, fields: Record<string, ModalValue>) {
  // JSON round trip: payloads.ts leaves `user: undefined` on resolved members, which Discord never sends.
  const raw = JSON.parse(JSON.stringify(modalSubmit(bob, customId, fields))) as ReturnType<typeof modalSubmit>;
  await d.interact(raw);
  const answer = api
    .webhookMessages()
    .filter((c) => c.path.includes(`/token-${raw.id}/`))
    .at(-1)?.body;
  return { cb: api.callbackFor(raw.id), said: String(answer?.content ?? ""), answer };
}

describe("modal submissions", () => {
  it("reply: sends with copies and a status, deferred privately first", async () => {
    const tk = await open("Reply modal");
    const r = await submit(`modal:reply:${tk.id}`, {
      text: "All fixed",
      cc: "a@x.test, b@x.test",
      bcc: "",
      status: ["waiting_on_customer"],
    });
    expect(r.cb).toEqual({ type: 5, data: { flags: 64 } });
    expect(r.said).toBe(`✅ Reply sent on #${tk.id}. It is **Waiting on customer** now.`);
    expect(r.answer?.allowed_mentions).toEqual({ parse: [] });
    const reply = await t.prisma.message.findFirstOrThrow({ where: { ticketId: tk.id, kind: "REPLY" } });
    expect(JSON.parse(reply.cc)).toEqual(["a@x.test", "b@x.test"]);
    expect((await row(tk.id)).statusId).toBe("waiting_on_customer");
  });

  it("reply: a status that needs more refuses the whole reply and keeps it as a draft; empty text is named", async () => {
    const tk = await open("Reply refused");
    const r = await submit(`modal:reply:${tk.id}`, { text: "Resolved!", status: ["resolved"] });
    expect(r.said).toMatch(/^⚠️ To set Resolved, fill in: Resolution\.\nYour reply was not sent\. It is kept as your draft/);
    expect(await t.prisma.message.count({ where: { ticketId: tk.id, kind: "REPLY" } })).toBe(0);
    expect((await t.prisma.draft.findFirstOrThrow({ where: { ticketId: tk.id, agentId: "bob" } })).text).toBe("Resolved!");
    expect((await submit(`modal:reply:${tk.id}`, { text: "  " })).said).toBe("⚠️ Reply to the customer: write something to send.");
  });

  it("comment: saves the note and notifies the @handle it mentions", async () => {
    const tk = await open("Comment modal");
    const r = await submit(`modal:comment:${tk.id}`, { text: "@cy please check" });
    expect(r.said).toBe(`✅ Note saved on #${tk.id}. Mentioned agents are notified (1).`);
    const mention = {
      topic: "agents.notify",
      AND: [{ payload: { contains: `"ticketId":${tk.id},` } }, { payload: { contains: '"agentIds":["cy"],"reason":"mention"' } }],
    };
    expect(await t.prisma.outbox.count({ where: mention })).toBe(1);
  });

  it("split and merge", async () => {
    const tk = await open("Split modal");
    const note = await commentOnTicket(t.deps, { ticketId: tk.id, text: "Second issue" }, as.ada);
    const s = await submit(`modal:split:${tk.id}`, { messages: [note.messageId], subject: "The second issue" });
    const created = await t.prisma.ticket.findFirstOrThrow({ where: { splitFromId: tk.id } });
    expect(s.said).toBe(`✅ 1 message(s) of #${tk.id} are now #${created.id}: The second issue.`);
    expect((await t.prisma.message.findUniqueOrThrow({ where: { id: note.messageId } })).ticketId).toBe(created.id);
    expect((await submit(`modal:merge:${tk.id}`, { secondary: "soon" })).said).toContain(
      "Ticket to fold in: “soon” is not a ticket number",
    );
    await submit(`modal:merge:${tk.id}`, { secondary: `#${created.id}` });
    expect((await row(created.id)).mergedIntoId).toBe(tk.id);
  });

  it("status: fills a required owner (user select) and property, then changes the status", async () => {
    const tk = await open("Status modal");
    const esc = await submit(`modal:status:${tk.id}:escalated`, { "req.owner": { users: [bob] } });
    expect(esc.said).toBe(`✅ #${tk.id} is **Escalated** now.`);
    expect(await row(tk.id)).toMatchObject({ ownerId: "bob", statusId: "escalated" });
    const res = await submit(`modal:status:${tk.id}:resolved`, { "req.resolution": "Replaced the toner" });
    expect(res.said).toBe(`✅ #${tk.id} is **Resolved** now.`);
    expect(JSON.parse((await row(tk.id)).properties)).toEqual({ resolution: "Replaced the toner" });
    const stranger = { id: "100000000000000088", name: "Zed" };
    const tk2 = await open("Status stranger");
    expect((await submit(`modal:status:${tk2.id}:escalated`, { "req.owner": { users: [stranger] } })).said).toBe(
      "⚠️ Owner: choose someone who is a help desk agent.",
    );
    expect((await row(tk2.id)).statusId).toBe("new");
  });

  it("status: sets the fields with the change or not at all", async () => {
    const tk = await createTicket(t.deps, { subject: "No requester yet" }, as.ada);
    // The requester is valid, but the status still lacks its resolution: the change is refused whole.
    const refused = await submit(`modal:status:${tk.id}:resolved`, { "req.contact": "new@customer.test", "req.resolution": "" });
    expect(refused.said).toMatch(/^⚠️ /);
    expect(await row(tk.id)).toMatchObject({ statusId: "new", contactId: null });
    const ok = await submit(`modal:status:${tk.id}:resolved`, { "req.contact": "new@customer.test", "req.resolution": "Reset the router" });
    expect(ok.said).toBe(`✅ #${tk.id} is **Resolved** now.`);
    const after = await t.prisma.ticket.findUniqueOrThrow({ where: { id: tk.id }, include: { contact: true } });
    expect(after).toMatchObject({ statusId: "resolved", contact: { email: "new@customer.test" } });
  });

  it("new: names a bad requester email, then creates with the chosen priority, pipeline and team", async () => {
    const bad = await submit("modal:new:tier1", { subject: "Modal ticket", requester: "nope", priority: ["high"] });
    expect(bad.said).toBe('⚠️ Requester email: "nope" is not an email address.');
    const ok = await submit("modal:new:tier1", {
      subject: "Modal ticket",
      text: "Line one\nLine two",
      requester: "req@customer.test",
      priority: ["high"],
      pipeline: ["billing"],
    });
    const tk = await t.prisma.ticket.findFirstOrThrow({ where: { subject: "Modal ticket" }, include: { contact: true } });
    expect(ok.said).toBe(`✅ Created #${tk.id}: Modal ticket. Its post appears in the forum in a moment.`);
    expect(tk).toMatchObject({ priority: "high", pipelineId: "billing", teamId: "tier1" });
    expect(tk.contact?.email).toBe("req@customer.test");
  });

  it("status: a select property typed in its text-input stand-in is trimmed and checked like a choice", async () => {
    const tk = await open("Typed select");
    const bad = await submit(`modal:status:${tk.id}:resolved`, { "req.resolution": "Done", "req.product": "desktop" });
    expect(bad.said).toMatch(/^⚠️ Product must be one of: web, mobile/);
    const ok = await submit(`modal:status:${tk.id}:resolved`, { "req.resolution": "Done", "req.product": " web " });
    expect(ok.said).toBe(`✅ #${tk.id} is **Resolved** now.`);
    expect(JSON.parse((await row(tk.id)).properties)).toEqual({ resolution: "Done", product: "web" });
  });

  it("an unknown or stale form is told, not guessed", async () => {
    const r = await submit("something:else", { text: "x" });
    expect(r.cb?.type).toBe(4);
    expect(r.cb?.data).toMatchObject({ flags: 64, content: "⚠️ This form is out of date; please open it again." });
  });
});
