// The message context-menu commands, driven through the real client: the modal each opens, its
// submission, and what it did to the help desk and sent to Discord.
import { describe, expect, it } from "vitest";
import { createTicket } from "../../core/tickets/create-ticket.js";
import { replyToTicket } from "../../core/tickets/reply-to-ticket.js";
import { as, type TestCore } from "../../test/harness.js";
import { messageCommands } from "./command-names.js";
import type { DiscordTestClient } from "./testing/client.js";
import { discordSuite } from "./testing/suite.js";
import type { FakeDiscordApi } from "./testing/discord-api.js";
import { FORUM, GENERAL, messageCommand, modalSubmit, rawMember, rawMessage, rawUser, type Who } from "./testing/payloads.js";

let t: TestCore;
let d: DiscordTestClient;
let api: FakeDiscordApi;
const bob: Who = { id: "100000000000000001", name: "Bob" };
const carol: Who = { id: "100000000000000088", name: "Carol" };

discordSuite((s) => ({ t, d, api } = s));

type Modal = {
  custom_id: string;
  title: string;
  components: { type: number; content?: string; label?: string; component?: { custom_id: string; value?: string } }[];
};
/** The modal opened in answer to an interaction (callback type 9). */
function modalFor(id: string): Modal {
  const cb = api.callbackFor(id);
  expect(cb?.type).toBe(9);
  return cb!.data as unknown as Modal;
}
const fieldValue = (m: Modal, id: string) => m.components.find((c) => c.component?.custom_id === id)?.component?.value;
const lastShown = () => String(api.webhookMessages().at(-1)?.body.content);

describe("Create ticket from message", () => {
  it("opens a prefilled modal, makes the ticket for the message's author, and replies go back under the message", async () => {
    const target = rawMessage(GENERAL, { author: carol, content: "Printer on fire\nIt is really burning, please help" });
    const open = messageCommand(bob, messageCommands.createTicket, target);
    await d.interact(open);
    const modal = modalFor(open.id);
    expect(modal.custom_id).toBe(`modal:from_message:${GENERAL}:${target.id}:${carol.id}`);
    expect(modal.custom_id.length).toBeLessThanOrEqual(100);
    expect(modal.title.length).toBeLessThanOrEqual(45);
    expect(fieldValue(modal, "subject")).toBe("Printer on fire");
    expect(fieldValue(modal, "text")).toBe("Printer on fire\nIt is really burning, please help");
    expect(modal.components.map((c) => c.type)).toEqual([10, 18, 18]);

    api.next("GET", new RegExp(`/guilds/\\d+/members/${carol.id}$`), 200, { ...rawMember(carol), nick: "Carol N." });
    const submit = modalSubmit(
      bob,
      modal.custom_id,
      { subject: "Printer on fire", text: "It is really burning (edited)" },
      { channelId: GENERAL },
    );
    await d.interact(submit);
    expect(api.callbackFor(submit.id)).toMatchObject({ type: 5, data: { flags: 64 } });

    const link = await t.prisma.chatLink.findFirstOrThrow({ where: { surface: "discord", role: "origin", messageId: target.id } });
    expect(link).toMatchObject({ channelId: GENERAL, threadId: GENERAL });
    const ticket = await t.prisma.ticket.findUniqueOrThrow({
      where: { id: link.ticketId },
      include: { contact: { include: { identities: true } }, messages: true },
    });
    expect(ticket).toMatchObject({
      subject: "Printer on fire",
      source: "discord",
      contact: { identities: [{ surface: "discord", externalId: carol.id }], name: "Carol N." },
    });
    expect(ticket.messages.map((m) => [m.kind, m.text, m.authorContactId])).toEqual([
      ["INBOUND", "It is really burning (edited)", ticket.contactId],
    ]);
    expect(lastShown()).toMatch(new RegExp(`Created \\*\\*#${ticket.id}\\*\\* Printer on fire for Carol N\\.`));

    await replyToTicket(t.deps, { ticketId: ticket.id, text: "We are on it @everyone" }, as.bob);
    await d.drain();
    const back = api.of("POST", `/channels/${GENERAL}/messages`);
    expect(back).toHaveLength(1);
    expect(back[0]!.body).toMatchObject({ message_reference: { message_id: target.id }, allowed_mentions: { parse: [] } });
    expect(String(back[0]!.body.content)).toContain("We are on it");

    const again = messageCommand(bob, messageCommands.createTicket, target);
    await d.interact(again);
    expect(api.callbackFor(again.id)).toMatchObject({
      type: 4,
      data: { flags: 64, content: expect.stringContaining(`already ticket #${ticket.id}`) },
    });
  });

  it("names the requester from their user when they are no longer a member", async () => {
    const dan: Who = { id: "100000000000000089", name: "dan_" };
    const target = rawMessage(GENERAL, { author: dan, content: "Where is my refund?" });
    api.next("GET", /\/guilds\/\d+\/members\/\d+$/, 404, { message: "Unknown Member", code: 10007 });
    api.next("GET", new RegExp(`/users/${dan.id}$`), 200, { ...rawUser(dan), global_name: "Dan" });
    await d.interact(
      modalSubmit(
        bob,
        `modal:from_message:${GENERAL}:${target.id}:${dan.id}`,
        { subject: "Refund", text: "Where is my refund?" },
        { channelId: GENERAL },
      ),
    );
    const contact = await t.prisma.contact.findFirstOrThrow({
      where: { identities: { some: { surface: "discord", externalId: dan.id } } },
    });
    expect(contact.name).toBe("Dan");
  });

  it("refuses a message written by a bot, privately", async () => {
    const target = rawMessage(GENERAL, { author: { id: "100000000000000066", name: "Dyno", bot: true }, content: "Server rules" });
    const raw = messageCommand(bob, messageCommands.createTicket, target);
    await d.interact(raw);
    expect(api.callbackFor(raw.id)).toMatchObject({
      type: 4,
      data: { flags: 64, allowed_mentions: { parse: [] }, content: expect.stringMatching(/a person wrote/) },
    });
    expect(await t.prisma.chatLink.count({ where: { role: "origin", messageId: target.id } })).toBe(0);
  });
});

describe("Send as reply", () => {
  async function ticketWithPost() {
    const ticket = await createTicket(
      t.deps,
      { subject: "VPN down", text: "Cannot connect", requester: { email: "erin@customer.test", name: "Erin" } },
      as.ada,
    );
    await d.drain();
    const link = await t.prisma.chatLink.findFirstOrThrow({ where: { ticketId: ticket.id, surface: "discord", role: "card" } });
    d.addThread(link.threadId!);
    return { id: ticket.id, thread: link.threadId! };
  }

  it("asks for confirmation with the text, then sends the confirmed text to the customer", async () => {
    const p = await ticketWithPost();
    const target = rawMessage(p.thread, { author: bob, content: "Try restarting the client." });
    const open = messageCommand(bob, messageCommands.sendAsReply, target, { parentId: FORUM });
    await d.interact(open);
    const modal = modalFor(open.id);
    expect(modal.custom_id).toBe(`modal:send_reply:${p.id}`);
    expect(modal.components[0]!.content).toMatch(/Erin \(erin@customer\.test\)/);
    expect(fieldValue(modal, "text")).toBe("Try restarting the client.");
    expect(await t.prisma.message.count({ where: { ticketId: p.id, kind: "REPLY" } })).toBe(0);

    const submit = modalSubmit(
      bob,
      modal.custom_id,
      { text: "Try restarting the client, then tell us." },
      { channelId: p.thread, parentId: FORUM },
    );
    await d.interact(submit);
    expect(api.callbackFor(submit.id)).toMatchObject({ type: 5, data: { flags: 64 } });
    const replies = await t.prisma.message.findMany({ where: { ticketId: p.id, kind: "REPLY" } });
    expect(replies.map((m) => [m.text, m.authorAgentId])).toEqual([["Try restarting the client, then tell us.", "bob"]]);
    expect(await t.prisma.outbox.count({ where: { ticketId: p.id, target: "email" } })).toBe(1);
    expect(lastShown()).toMatch(new RegExp(`Reply on \\*\\*#${p.id}\\*\\* sent`));
  });

  it("explains privately that it only works in a ticket's post", async () => {
    const raw = messageCommand(bob, messageCommands.sendAsReply, rawMessage(GENERAL, { author: bob, content: "hello" }));
    await d.interact(raw);
    expect(api.callbackFor(raw.id)).toMatchObject({
      type: 4,
      data: { flags: 64, content: expect.stringMatching(/works on a message in a ticket's forum post/) },
    });
  });

  it("does not send the bot's own posts (the card, mirrored messages)", async () => {
    const p = await ticketWithPost();
    const raw = messageCommand(bob, messageCommands.sendAsReply, rawMessage(p.thread, { content: "📨 **Erin** wrote\nCannot connect" }), {
      parentId: FORUM,
    });
    await d.interact(raw);
    expect(api.callbackFor(raw.id)).toMatchObject({
      type: 4,
      data: { flags: 64, content: expect.stringMatching(/use \*\*Reply\*\* on the card/) },
    });
  });
});

describe("a message command the help desk no longer has", () => {
  it("says so in the language of the agent's Discord client", async () => {
    const target = rawMessage(GENERAL, { author: carol, content: "hello" });
    const ja = { ...messageCommand(bob, "Retired command", target), locale: "ja" };
    await d.interact(ja);
    expect(api.callbackFor(ja.id)).toMatchObject({
      type: 4,
      data: { flags: 64, content: "⌛ このコマンドはここでは使えなくなりました。`/ticket` を使ってください。" },
    });
    const en = messageCommand(bob, "Retired command", target);
    await d.interact(en);
    expect(api.callbackFor(en.id)?.data.content).toBe("⌛ That command no longer works here; use `/ticket`.");
  });
});
