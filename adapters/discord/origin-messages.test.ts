// A requester who made a ticket from a Discord message answers the agent's reply there: the
// message joins the ticket as the customer's. Driven as MESSAGE_CREATE through the real client.
import { describe, expect, it } from "vitest";
import { createTicket } from "../../core/tickets/create-ticket.js";
import { replyToTicket } from "../../core/tickets/reply-to-ticket.js";
import { as, type TestCore } from "../../test/harness.js";
import type { DiscordTestClient } from "./testing/client.js";
import type { FakeDiscordApi } from "./testing/discord-api.js";
import { GENERAL, messageCreate, snowflake, type Who } from "./testing/payloads.js";
import { discordSuite } from "./testing/suite.js";

let t: TestCore;
let d: DiscordTestClient;
let api: FakeDiscordApi;
discordSuite((s) => ({ t, d, api } = s));

const carol: Who = { id: "100000000000000088", name: "Carol" };
const dave: Who = { id: "100000000000000089", name: "Dave" };

/** A ticket made from Carol's message in #general, and the id of the agent's reply the bot posted under it. */
async function answeredTicket(subject: string) {
  const first = snowflake();
  const ticket = await createTicket(
    t.deps,
    {
      subject,
      text: "My login fails",
      requester: { surface: "discord", userId: carol.id, name: "Carol" },
      origin: { surface: "discord", channelId: GENERAL, messageId: first },
    },
    as.bob,
  );
  await replyToTicket(t.deps, { ticketId: ticket.id, text: "Which browser do you use?" }, as.bob);
  await d.drain();
  const posted = api.of("POST", `/channels/${GENERAL}/messages`).at(-1)!;
  expect(posted.body.message_reference).toMatchObject({ message_id: first });
  const reply = await t.prisma.messageRef.findFirstOrThrow({ where: { system: "discord.origin", message: { ticketId: ticket.id } } });
  return { ticket, first, replyId: reply.externalId.split(":")[1]! };
}

const inbound = (ticketId: number) => t.prisma.message.findMany({ where: { ticketId, kind: "INBOUND" }, orderBy: { createdAt: "asc" } });

describe("a Discord requester writing again", () => {
  it("puts the requester's answer to the agent's reply on the ticket, once, answering that reply", async () => {
    const { ticket, replyId } = await answeredTicket("Chat login");
    const raw = messageCreate(carol, GENERAL, "Firefox, latest", { replyTo: replyId });
    await d.message(raw);
    await d.message(raw);
    const msgs = await inbound(ticket.id);
    expect(msgs.map((m) => m.text)).toEqual(["My login fails", "Firefox, latest"]);
    const reply = await t.prisma.message.findFirstOrThrow({ where: { ticketId: ticket.id, kind: "REPLY" } });
    expect(msgs[1]!.inReplyToId).toBe(reply.id);
    // Mirrored into the ticket's forum post like any customer message.
    await d.drain();
    const link = await t.prisma.chatLink.findFirstOrThrow({ where: { ticketId: ticket.id, surface: "discord", role: "card" } });
    expect(
      api
        .of("POST", `/channels/${link.threadId}/messages`)
        .map((c) => String(c.body.content))
        .join("\n"),
    ).toContain("Firefox, latest");
  });

  it("takes a reply to the message the ticket was made from, too", async () => {
    const { ticket, first } = await answeredTicket("Chat again");
    await d.message(messageCreate(carol, GENERAL, "Also on my phone", { replyTo: first }));
    expect((await inbound(ticket.id)).map((m) => m.text)).toContain("Also on my phone");
  });

  it("leaves alone someone else answering, and the requester's other messages in the channel", async () => {
    const { ticket, replyId } = await answeredTicket("Chat others");
    await d.message(messageCreate(dave, GENERAL, "me too!", { replyTo: replyId }));
    await d.message(messageCreate(carol, GENERAL, "unrelated chatter"));
    expect((await inbound(ticket.id)).map((m) => m.text)).toEqual(["My login fails"]);
  });
});
