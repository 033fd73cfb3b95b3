// Replies in a customer channel's threads, driven by Events API payloads in their documented
// shapes through the real Bolt app and receiver, the Web API and Slack's file host answered by
// nock: nothing a customer writes in a ticket's thread is dropped, whether it comes before the
// thread's ticket is made, carries files only, or is written by a colleague of the requester's.
import nock from "nock";
import { describe, expect, it } from "vitest";
import type { TestCore } from "../../test/harness.js";
import type { SlackTestApp } from "./testing/app.js";
import { channelMessage, memberOf, useCustomerChannelApp } from "./testing/customers.js";
import { eventCallback, teamId } from "./testing/requests.js";
import type { FakeSlackApi } from "./testing/slack-api.js";

let t: TestCore;
let s: SlackTestApp;
let api: FakeSlackApi;

useCustomerChannelApp((app) => ({ t, s, api } = app));

const o = () => ({ nowMs: s.nowMs() });
const png = Uint8Array.from([137, 80, 78, 71, 13, 10, 26, 10]);

/** A file as a `file_share` message lists it. @see https://api.slack.com/types/file */
const file = (id: string, name: string) => ({
  id,
  name,
  title: name,
  mimetype: "image/png",
  filetype: "png",
  size: png.length,
  mode: "hosted",
  url_private: `https://files.slack.com/files-pri/${teamId}-${id}/${name}`,
  url_private_download: `https://files.slack.com/files-pri/${teamId}-${id}/download/${name}`,
});
const served = (id: string, name: string) =>
  nock("https://files.slack.com")
    .get(`/files-pri/${teamId}-${id}/download/${name}`)
    .reply(200, Buffer.from(png), { "content-type": "image/png" });

const ticketOf = async (ts: string) => {
  const link = await t.prisma.chatLink.findFirstOrThrow({ where: { role: "origin", channelId: "CCUST", messageId: ts } });
  return t.prisma.ticket.findUniqueOrThrow({
    where: { id: link.ticketId },
    include: { messages: { include: { attachments: true }, orderBy: { createdAt: "asc" } }, contacts: true },
  });
};

/** A customer's top-level message, sent as an event, and the ticket it opened. */
async function customerWrites(user: string, text: string) {
  memberOf(api, user, teamId, { real_name: user });
  const e = channelMessage("CCUST", user, text);
  await s.send(eventCallback(`Ev${e.ts}`, e, o()));
  return { e, ticket: await ticketOf(e.ts) };
}

const until = async (done: () => boolean) => {
  for (let i = 0; i < 200 && !done(); i++) await new Promise((r) => setTimeout(r, 5));
};

describe("a customer's reply in a customer channel's thread", () => {
  it("is taken when it comes while the thread's first message is still becoming a ticket, which stays one ticket", async () => {
    const parent = channelMessage("CCUST", "U0HUGO", "Our dashboard is down");
    const reply = channelMessage("CCUST", "U0HUGO", "Since 9am, <@U0BOB> knows", { thread_ts: parent.ts });
    // Opening the ticket asks Slack who the customer is first: held here, as a slow answer would.
    const release = api.hold("users.info");
    api.next("conversations.history", [200, { ok: true, messages: [parent] }]);
    await Promise.all([
      s.http.request(eventCallback(`Ev${parent.ts}`, parent, o())),
      s.http.request(eventCallback(`Ev${reply.ts}`, reply, o())),
    ]);
    await until(() => api.of("users.info").length > 0);
    release();
    await s.adapter.stop();
    expect(await t.prisma.chatLink.count({ where: { role: "origin", channelId: "CCUST", threadId: parent.ts } })).toBe(1);
    const ticket = await ticketOf(parent.ts);
    // Both are stored at the same instant: their order is not the point here.
    expect(ticket.messages.map((m) => [m.kind, m.text]).sort()).toEqual([
      ["INBOUND", "Our dashboard is down"],
      ["INBOUND", "Since 9am, @U0BOB knows"],
    ]);
    await s.dispatcher.runOnce();
  });

  it("is taken when it comes before its thread's first message, and so is an agent's answer there", async () => {
    const parent = channelMessage("CCUST", "U0LEO", "Exports fail");
    const reply = channelMessage("CCUST", "U0LEO", "All of them", { thread_ts: parent.ts });
    const answer = channelMessage("CCUST", "U0BOB", "Looking now", { thread_ts: parent.ts, user_team: teamId });
    api.next("conversations.history", [200, { ok: true, messages: [parent] }]);
    memberOf(api, "U0LEO", teamId, { real_name: "Leo" });
    for (const m of [reply, answer, parent]) {
      await s.send(eventCallback(`Ev${m.ts}`, m, o()));
      t.advance(1_000);
    }
    const ticket = await ticketOf(parent.ts);
    // The reply opened the ticket of its thread's first message, at the same instant.
    expect(ticket.messages.map((m) => [m.kind, m.text]).sort()).toEqual([
      ["INBOUND", "All of them"],
      ["INBOUND", "Exports fail"],
      ["REPLY", "Looking now"],
    ]);
    expect(await t.prisma.chatLink.count({ where: { role: "origin", channelId: "CCUST", threadId: parent.ts } })).toBe(1);
    await s.dispatcher.runOnce();
  });

  it("keeps its files, with words or without", async () => {
    const { e, ticket } = await customerWrites("U0IDA", "Login fails");
    served("F0ONLY", "only.png");
    served("F0WITH", "with.png");
    const filesOnly = channelMessage("CCUST", "U0IDA", "", {
      subtype: "file_share",
      upload: true,
      files: [file("F0ONLY", "only.png")],
      thread_ts: e.ts,
    });
    const withWords = channelMessage("CCUST", "U0IDA", "Here is the error", {
      subtype: "file_share",
      upload: true,
      files: [file("F0WITH", "with.png")],
      thread_ts: e.ts,
    });
    for (const m of [filesOnly, withWords]) {
      t.advance(1_000);
      await s.send(eventCallback(`Ev${m.ts}`, m, o()));
    }
    const after = await ticketOf(e.ts);
    expect(after.id).toBe(ticket.id);
    expect(after.messages.map((m) => [m.kind, m.text, m.attachments.map((a) => [a.filename, a.content ? [...a.content] : null])])).toEqual([
      ["INBOUND", "Login fails", []],
      ["INBOUND", "", [["only.png", [...png]]]],
      ["INBOUND", "Here is the error", [["with.png", [...png]]]],
    ]);
    await s.dispatcher.runOnce();
  });

  it("from a colleague of the requester's joins the ticket, and they become a cc contact", async () => {
    const { e, ticket } = await customerWrites("U0JOY", "Invoices are wrong");
    memberOf(api, "U0KAI", teamId, { real_name: "Kai", email: "kai@globex.test" });
    const colleague = channelMessage("CCUST", "U0KAI", "Ours too, since March", { thread_ts: e.ts });
    await s.send(eventCallback(`Ev${colleague.ts}`, colleague, o()));
    const after = await ticketOf(e.ts);
    const kai = await t.prisma.contact.findFirstOrThrow({ where: { email: "kai@globex.test" }, include: { company: true } });
    expect(kai).toMatchObject({ name: "Kai", company: { domain: "globex.test" } });
    expect(after.contacts.map((c) => [c.contactId, c.role]).sort()).toEqual(
      [
        [ticket.contactId, "requester"],
        [kai.id, "cc"],
      ].sort(),
    );
    expect(after.messages.at(-1)).toMatchObject({ kind: "INBOUND", text: "Ours too, since March", authorContactId: kai.id });
    await s.dispatcher.runOnce();
  });
});
