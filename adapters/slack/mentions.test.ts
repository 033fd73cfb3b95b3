// Slack mentions in notes: `<@U…>` names an agent by Slack user id, and only that agent is
// notified, whether the note is typed in a card's thread or with `/ticket comment`.
import { describe, expect, it } from "vitest";
import { createTicket } from "../../core/tickets/create-ticket.js";
import { as, testConfigInput, type TestCore } from "../../test/harness.js";
import type { SlackTestApp } from "./testing/app.js";
import { eventCallback, slashCommand } from "./testing/requests.js";
import type { FakeSlackApi } from "./testing/slack-api.js";
import { slackSuite } from "./testing/suite.js";

let t: TestCore;
let s: SlackTestApp;
let api: FakeSlackApi;

// Rob's name starts with Bob's id: "@Bob Roberts" read as a handle would be "@bob".
const config = {
  ...testConfigInput,
  agents: [
    ...testConfigInput.agents.map((a) => (a.id === "cy" ? { ...a, slackUserId: "U0CY" } : a)),
    { id: "rob", name: "Bob Roberts", email: "rob@helpdesk.test", teams: ["tier1"], slackUserId: "U0ROB" },
  ],
};
slackSuite((x) => ({ t, s, api } = x), { config });

const o = () => ({ nowMs: s.nowMs() });
const ticket = async (subject: string) => (await createTicket(t.deps, { subject, requester: { email: "carol@customer.test" } }, as.ada)).id;
const mentionNotices = async (ticketId: number) =>
  (await t.prisma.outbox.findMany({ where: { ticketId, topic: "agents.notify" } }))
    .map((r) => JSON.parse(r.payload) as { agentIds: string[]; reason: string })
    .filter((p) => p.reason === "mention")
    .map((p) => p.agentIds);

describe("Slack mentions in notes", () => {
  it("notifies only the agent a thread note mentions, not another whose id the mentioned name starts with", async () => {
    const id = await ticket("mention in thread");
    await s.dispatcher.runOnce();
    const link = await t.prisma.chatLink.findFirstOrThrow({ where: { ticketId: id, role: "card" } });
    const event = {
      type: "message",
      channel: "CTRIAGE",
      user: "U0CY",
      text: "<@U0ROB> can you look? <@U0STRANGER> saw it too",
      ts: "1767600300.000100",
      thread_ts: link.threadId,
    };
    await s.send(eventCallback("EvMention1", event, o()));
    const note = await t.prisma.message.findFirstOrThrow({ where: { ticketId: id, kind: "COMMENT" } });
    // Shown by name; someone who is no agent stays as Slack wrote them.
    expect(note.text).toBe("@\u2060Bob Roberts can you look? <@U0STRANGER> saw it too");
    expect(await mentionNotices(id)).toEqual([["rob"]]);
  });

  it("notifies the agents `/ticket comment` mentions", async () => {
    const id = await ticket("mention by command");
    await s.send(slashCommand("U0CY", `comment #${id} <@U0ROB|bob.roberts> and <@U0BOB> please check`, o()));
    expect(String(api.responses.at(-1)?.body.text)).toContain(`Note saved on #${id}`);
    const note = await t.prisma.message.findFirstOrThrow({ where: { ticketId: id, kind: "COMMENT" } });
    expect(note).toMatchObject({ text: "@\u2060Bob Roberts and @\u2060Bob please check", authorAgentId: "cy" });
    expect(await mentionNotices(id)).toEqual([["rob", "bob"]]);
  });

  it("still reads @handles typed as text", async () => {
    const id = await ticket("typed handle");
    await s.send(slashCommand("U0CY", `comment #${id} @rob over to you`, o()));
    expect(await mentionNotices(id)).toEqual([["rob"]]);
  });
});
