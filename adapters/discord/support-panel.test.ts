// The support panel through the real client: `/ticket panel` (admins only) posts the panel, its
// button opens the form with the configured questions, the submission opens one ticket in a private
// thread with the customer added, agents' replies (not their notes) reach the thread, the customer's
// messages there join the ticket, and the Close button closes it for its requester only.
import { describe, expect, it } from "vitest";
import { Formats, speechIn } from "../../core/index.js";
import { commentOnTicket } from "../../core/tickets/comment-on-ticket.js";
import { replyToTicket } from "../../core/tickets/reply-to-ticket.js";
import { as, type TestCore } from "../../test/harness.js";
import { panelMessage } from "./support-panel.js";
import type { DiscordTestClient } from "./testing/client.js";
import type { FakeDiscordApi } from "./testing/discord-api.js";
import { button, chatInput, FORUM, GENERAL, GUILD, messageCreate, modalSubmit, rawMessage, type Who } from "./testing/payloads.js";
import { panelSuite } from "./testing/panel.js";

let t: TestCore;
let d: DiscordTestClient;
let api: FakeDiscordApi;
const { asJson, answered, knowGeneral } = panelSuite((s) => ({ t, d, api } = s), {
  surveyOnClose: true,
  // With the suite's repeat window of 0: Carol opens a ticket in most tests here, and a second
  // submission within a while is panel-requests.test.ts's.
  panel: {
    questions: [
      { id: "order", label: { en: "Order number", ja: "注文番号" }, style: "short", required: false },
      { id: "steps", label: "Steps", style: "paragraph", required: false },
    ],
  },
});

const ada: Who = { id: "100000000000000000", name: "Ada" }; // an admin
const bob: Who = { id: "100000000000000001", name: "Bob" }; // an agent
const carol: Who = { id: "600000000000000011", name: "Carol" };
const dave: Who = { id: "600000000000000012", name: "Dave" };

type Callback = { type: number; data: Record<string, unknown> };
const callbackOf = (raw: { id: string }): Callback => api.callbackFor(raw.id)!;
const inLocale = <T extends object>(raw: T, locale: string) => ({ ...raw, locale });

/** Carol fills in the form in #general; returns the raw submission, the thread made and the ticket. */
async function openByPanel(subject: string, description = "My invoice is wrong.", who: Who = carol) {
  knowGeneral();
  // Adding a thread member answers 204 without a body; the fake knows no such route, so it is told.
  api.next("PUT", /^\/channels\/\d+\/thread-members\/\d+$/, 204, "" as unknown as Record<string, unknown>);
  const raw = asJson(modalSubmit(who, "panel:form", { subject, description, order: "A-1001", steps: "" }));
  await d.interact(raw);
  const started = api.of("POST", `/channels/${GENERAL}/threads`).at(-1)!;
  const thread = [...api.channels.values()].find((c) => c.parent_id === GENERAL && c.name === subject)!.id;
  const ticket = await t.prisma.ticket.findFirstOrThrow({ where: { subject }, include: { chatLinks: true } });
  // As Discord tells the bot of a private thread it is in.
  (d.client as unknown as { actions: { ThreadCreate: { handle(x: unknown): void } } }).actions.ThreadCreate.handle({
    id: thread,
    type: 12,
    guild_id: GUILD,
    parent_id: GENERAL,
    name: subject,
    owner_id: "700000000000000001",
    thread_metadata: {
      archived: false,
      auto_archive_duration: 10080,
      archive_timestamp: "2026-11-21T10:00:00.000Z",
      locked: false,
      invitable: false,
    },
  });
  return { raw, started, thread, ticket };
}

describe("the support panel on Discord", () => {
  it("is posted by `/ticket panel` for an admin, in the channel it is typed in, and refused to other agents", async () => {
    knowGeneral();
    const byAda = asJson(chatInput(ada, "panel"));
    await d.interact(byAda);
    const posted = api.of("POST", `/channels/${GENERAL}/messages`);
    expect(posted).toHaveLength(1);
    expect(JSON.stringify(posted[0]!.body.components)).toContain('"custom_id":"panel:open"');
    expect(JSON.stringify(posted[0]!.body)).toContain("Open a ticket");
    expect(posted[0]!.body.allowed_mentions).toEqual({ parse: [] });
    expect(answered(byAda)).toMatch(/✅/);

    const byBob = asJson(chatInput(bob, "panel"));
    await d.interact(byBob);
    expect(answered(byBob)).toMatch(/⛔ Only admins/);
    const inThread = asJson(chatInput(ada, "panel", {}, { channelId: "610000000000000099", parentId: FORUM }));
    await d.interact(inThread);
    expect(answered(inThread)).toMatch(/text channel/);
    expect(api.of("POST", /\/messages$/)).toHaveLength(1);
  });

  it("speaks the help desk's language on the panel, English or Japanese", () => {
    expect(JSON.stringify(panelMessage(speechIn(new Formats("en"))))).toContain("Open a ticket");
    expect(JSON.stringify(panelMessage(speechIn(new Formats("ja"))))).toContain("チケットを作成");
  });

  it("opens the form with the configured questions, in the customer's language", async () => {
    const click = asJson(button(carol, "panel:open"));
    await d.interact(click);
    const form = callbackOf(click);
    expect(form.type).toBe(9);
    const fields = (form.data.components as { label: string; component: { custom_id: string; required: boolean } }[]).map((c) => [
      c.label,
      c.component.custom_id,
      c.component.required,
    ]);
    expect(fields).toEqual([
      ["Subject", "subject", true],
      ["Describe your request", "description", true],
      ["Order number", "order", false],
      ["Steps", "steps", false],
    ]);
    const ja = asJson(inLocale(button(carol, "panel:open"), "ja"));
    await d.interact(ja);
    expect(JSON.stringify(callbackOf(ja).data)).toMatch(/チケットを作成.*件名.*注文番号/);

    // An agent is shown the form too, at once (no agent check before it): its submission refuses them.
    const byBob = asJson(button(bob, "panel:open"));
    await d.interact(byBob);
    expect(callbackOf(byBob).type).toBe(9);
  });

  it("opens one ticket per submission in a private thread with the customer, its first message the origin", async () => {
    const { raw, started, thread, ticket } = await openByPanel("Invoice wrong", "Wrong total @everyone <@100000000000000001>");
    expect(started.body).toMatchObject({ name: "Invoice wrong", type: 12, invitable: false });
    expect(api.of("PUT", `/channels/${thread}/thread-members/${carol.id}`)).toHaveLength(1);
    const first = api.of("POST", `/channels/${thread}/messages`);
    expect(first).toHaveLength(1);
    const firstId = ticket.chatLinks.find((l) => l.role === "origin")!;
    expect(firstId).toMatchObject({ surface: "discord", channelId: thread });
    // Numbered once the ticket exists, with what Carol wrote made inert and the Close button.
    const numbered = api.of("PATCH", `/channels/${thread}/messages/${firstId.messageId}`);
    expect(numbered).toHaveLength(1);
    const body = JSON.stringify(numbered[0]!.body);
    expect(body).toContain(`#${ticket.id}`);
    expect(body).toContain("panel:close");
    expect(body).not.toMatch(/@everyone|<@1/);
    expect(numbered[0]!.body.allowed_mentions).toEqual({ parse: [] });
    expect(ticket).toMatchObject({ source: "discord", ownerId: null });
    const msgs = await t.prisma.message.findMany({ where: { ticketId: ticket.id } });
    expect(msgs.map((m) => [m.kind, m.text])).toEqual([["INBOUND", "Wrong total @everyone <@100000000000000001>\n\nOrder number: A-1001"]]);
    const identity = await t.prisma.chatIdentity.findFirstOrThrow({ where: { surface: "discord", externalId: carol.id } });
    expect(identity).toMatchObject({ kind: "contact", contactId: ticket.contactId });
    expect(answered(raw)).toContain(`<#${thread}>`);

    // The same submission delivered again: nothing more is made. (It is acknowledged first, before
    // any database work; Discord refuses a second acknowledgement of one interaction.)
    await d.interact(raw);
    expect(await t.prisma.ticket.count({ where: { subject: "Invoice wrong" } })).toBe(1);
    expect(api.of("POST", `/channels/${GENERAL}/threads`)).toHaveLength(1);
    expect(api.of("POST", /\/messages$/).filter((m) => m.path.startsWith(`/channels/${thread}`))).toHaveLength(1);
  });

  it("speaks the customer's language in the thread and in the answer", async () => {
    knowGeneral();
    api.next("PUT", /^\/channels\/\d+\/thread-members\/\d+$/, 204, "" as unknown as Record<string, unknown>);
    const raw = asJson(
      inLocale(modalSubmit(dave, "panel:form", { subject: "請求書", description: "金額が違います", order: "", steps: "" }), "ja"),
    );
    await d.interact(raw);
    const ticket = await t.prisma.ticket.findFirstOrThrow({ where: { subject: "請求書" } });
    expect(answered(raw)).toContain(`チケット #${ticket.id} を作成しました`);
    const numbered = api.of("PATCH", /^\/channels\/\d+\/messages\/\d+$/).at(-1)!;
    expect(String(numbered.body.content)).toMatch(/^チケット #\d+ を作成しました/);
    expect(JSON.stringify(numbered.body.components)).toContain("チケットを閉じる");
    expect(await t.prisma.contact.findUniqueOrThrow({ where: { id: ticket.contactId! } })).toMatchObject({ locale: "ja" });
  });

  it("tells the customer when the bot cannot open their private thread, and leaves no ticket nor half-made thread", async () => {
    knowGeneral();
    api.next("POST", new RegExp(`^/channels/${GENERAL}/threads$`), 403, { message: "Missing Permissions", code: 50013 });
    const refused = asJson(modalSubmit(carol, "panel:form", { subject: "No rights", description: "x", order: "", steps: "" }));
    await d.interact(refused);
    expect(answered(refused)).toContain("could not open a private thread");
    // Made, but its first message refused: it goes away again.
    api.next("POST", /^\/channels\/\d+\/messages$/, 403, { message: "Missing Permissions", code: 50013 });
    const half = asJson(modalSubmit(carol, "panel:form", { subject: "Half made", description: "x", order: "", steps: "" }));
    await d.interact(half);
    expect(answered(half)).toContain("could not open a private thread");
    const made = [...api.channels.values()].find((c) => c.name === "Half made")!;
    expect(api.of("DELETE", `/channels/${made.id}`)).toHaveLength(1);
    expect(await t.prisma.ticket.count({ where: { subject: { in: ["No rights", "Half made"] } } })).toBe(0);
  });

  it("adds the customer to the thread only once the ticket exists, trying twice, and tells them when it could not", async () => {
    knowGeneral();
    const denied = { message: "Missing Permissions", code: 50013 };
    api.next("PUT", /^\/channels\/\d+\/thread-members\/\d+$/, 403, denied);
    const retried = asJson(modalSubmit(carol, "panel:form", { subject: "Added on retry", description: "x", order: "", steps: "" }));
    await d.interact(retried);
    const ticket = await t.prisma.ticket.findFirstOrThrow({ where: { subject: "Added on retry" } });
    expect(answered(retried)).toContain(`Your ticket #${ticket.id} is open`);
    const thread = [...api.channels.values()].find((c) => c.name === "Added on retry")!.id;
    // Seen by the customer only once numbered: the origin is there for what they write.
    const numbered = api.calls.findIndex((c) => c.method === "PATCH" && c.path.startsWith(`/channels/${thread}/messages/`));
    const added = api.calls.findIndex((c) => c.method === "PUT" && c.path === `/channels/${thread}/thread-members/${carol.id}`);
    expect(numbered).toBeGreaterThan(-1);
    expect(added).toBeGreaterThan(numbered);
    expect(api.of("PUT", `/channels/${thread}/thread-members/${carol.id}`)).toHaveLength(2);

    api.next("PUT", /^\/channels\/\d+\/thread-members\/\d+$/, 403, denied);
    api.next("PUT", /^\/channels\/\d+\/thread-members\/\d+$/, 403, denied);
    const refused = asJson(modalSubmit(dave, "panel:form", { subject: "Not added", description: "x", order: "", steps: "" }));
    await d.interact(refused);
    const kept = await t.prisma.ticket.findFirstOrThrow({ where: { subject: "Not added" } });
    expect(answered(refused)).toContain(`Your ticket #${kept.id} is open, but we could not add you to its private thread`);
  });

  it("takes no submission from an agent, who would open a ticket as someone else", async () => {
    knowGeneral();
    const raw = asJson(modalSubmit(bob, "panel:form", { subject: "For a customer", description: "x", order: "", steps: "" }));
    await d.interact(raw);
    expect(answered(raw)).toContain("/ticket new");
    expect(api.of("POST", `/channels/${GENERAL}/threads`)).toHaveLength(0);
    expect(await t.prisma.ticket.count({ where: { subject: "For a customer" } })).toBe(0);
  });

  it("brings an agent's reply into the thread but never a note, and takes the customer's messages there", async () => {
    const { thread, ticket } = await openByPanel("Reply path");
    await replyToTicket(t.deps, { ticketId: ticket.id, text: "We are on it." }, as.bob);
    await commentOnTicket(t.deps, { ticketId: ticket.id, text: "Internal: check billing" }, as.bob);
    await d.drain();
    const inThread = api
      .of("POST", `/channels/${thread}/messages`)
      .map((c) => String(c.body.content))
      .join("\n");
    expect(inThread).toContain("We are on it.");
    expect(inThread).not.toContain("Internal");

    await d.message(messageCreate(carol, thread, "Here is a screenshot."));
    await d.message(messageCreate(dave, thread, "not the requester"));
    const inbound = await t.prisma.message.findMany({ where: { ticketId: ticket.id, kind: "INBOUND" }, orderBy: { createdAt: "asc" } });
    expect(inbound.map((m) => m.text)).toEqual(["My invoice is wrong.\n\nOrder number: A-1001", "Here is a screenshot."]);
  });

  it("closes the ticket from its thread for the requester, not another customer, then archives the thread without locking it or taking its button", async () => {
    const { thread, ticket } = await openByPanel("Close me");
    const firstId = String(ticket.chatLinks.find((l) => l.role === "origin")!.messageId);
    const close = (who: Who) =>
      asJson(button(who, "panel:close", { channelId: thread, parentId: GENERAL }, rawMessage(thread, { id: firstId })));
    // (An agent may close it too, as themselves: panel-thread.test.ts.)
    for (const who of [dave]) {
      const raw = close(who);
      await d.interact(raw);
      expect(answered(raw)).toMatch(/⛔ Only the person who opened this ticket/);
    }
    expect((await t.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).open).toBe(true);

    const raw = close(carol);
    await d.interact(raw);
    const row = await t.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } });
    expect([row.open, row.statusId]).toEqual([false, "closed"]);
    const said = api.of("POST", `/channels/${thread}/messages`).map((c) => String(c.body.content));
    expect(said.at(-1)).toContain(`#${ticket.id} is closed`);
    // Archived, never locked, and the Close button left in place: pressed again it says the ticket is closed.
    expect(api.of("PATCH", `/channels/${thread}`).map((c) => c.body)).toEqual([{ archived: true }]);
    expect(api.usableByMember(thread)).toBe(true);
    expect(api.webhookMessages().filter((c) => c.path.endsWith(`/token-${raw.id}/messages/%40original`) && "components" in c.body)).toEqual(
      [],
    );
    const again = close(carol);
    await d.interact(again);
    expect(answered(again)).toContain(`Ticket #${ticket.id} is already closed.`);
    // The satisfaction survey reaches Carol in a direct message, as for any requester who wrote in chat.
    await d.drain();
    expect(api.of("POST", "/users/@me/channels").map((c) => c.body.recipient_id)).toEqual([carol.id]);
    const dm = api.of("POST", /^\/channels\/\d+\/messages$/).filter((c) => JSON.stringify(c.body).includes("csat:rate:"));
    expect(dm).toHaveLength(1);
  });

  it("keeps the ticket closed when Discord refuses to post in or archive the thread, telling the customer privately", async () => {
    const { thread, ticket } = await openByPanel("Close without rights");
    const firstId = String(ticket.chatLinks.find((l) => l.role === "origin")!.messageId);
    const denied = { message: "Missing Permissions", code: 50013 };
    api.next("POST", new RegExp(`^/channels/${thread}/messages$`), 403, denied);
    api.next("PATCH", new RegExp(`^/channels/${thread}$`), 403, denied);
    const raw = asJson(button(carol, "panel:close", { channelId: thread, parentId: GENERAL }, rawMessage(thread, { id: firstId })));
    await d.interact(raw);
    expect((await t.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).open).toBe(false);
    expect(answered(raw)).toContain(`#${ticket.id} is closed`);
    expect(answered(raw)).not.toMatch(/❌/);
  });
});
