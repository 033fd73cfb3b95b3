// What the modals' submissions do, driven through the real client with raw MODAL_SUBMIT payloads
// in the label-component shape Discord sends.
import { describe, expect, it } from "vitest";
import { commentOnTicket } from "../../core/tickets/comment-on-ticket.js";
import { createTicket } from "../../core/tickets/create-ticket.js";
import { as, type TestCore } from "../../test/harness.js";
import type { DiscordTestClient } from "./testing/client.js";
import { discordSuite } from "./testing/suite.js";
import type { FakeDiscordApi } from "./testing/discord-api.js";
import { modalSubmit, type ModalValue } from "./testing/payloads.js";

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
    expect(r.said).toBe(`✅ Note saved on #${tk.id}. One mentioned agent is notified.`);
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
    expect(s.said).toBe(`✅ One message of #${tk.id} is now #${created.id}: The second issue.`);
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
