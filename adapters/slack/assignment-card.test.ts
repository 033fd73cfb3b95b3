// Default assignment as Slack shows it: a ticket the team's rule gives to an agent is posted in the
// team's channel with its owner on the card, and the owner is told by direct message; a ticket the
// rule could give to nobody is posted unassigned, and the team's channel reads why in its thread.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { setAway } from "../../core/assignment/set-away.js";
import { silentLogger } from "../../core/log.js";
import { OutboxDispatcher } from "../../core/outbox/dispatcher.js";
import { createTicket } from "../../core/tickets/create-ticket.js";
import { as, testConfigInput, testCore, type TestCore } from "../../test/harness.js";
import { slackClient } from "./api.js";
import { slackDeliveryTarget } from "./target.js";
import { fakeSlackApi, type FakeSlackApi } from "./testing/slack-api.js";

let t: TestCore;
let api: FakeSlackApi;

beforeAll(async () => {
  t = await testCore({ ...testConfigInput, assignmentRules: [{ id: "tier1-turns", team: "tier1" }] });
});
afterAll(() => t.close());
beforeEach(() => {
  api = fakeSlackApi();
});
afterEach(() => api.done());

async function drain() {
  const target = slackDeliveryTarget({
    deps: t.deps,
    client: slackClient("xoxb-test"),
    triageChannels: [{ channel: "CTRIAGE" }, { channel: "CTIER1", teamId: "tier1" }],
  });
  const d = new OutboxDispatcher({ deps: t.deps, targets: { slack: target }, log: silentLogger, backoffBaseMs: 1 });
  for (let i = 0; i < 4; i++) await d.runOnce();
}

describe("default assignment on Slack", () => {
  it("posts the card in the team's channel with its owner, and tells the owner", async () => {
    const v = await createTicket(t.deps, { subject: "Printer", teamId: "tier1", requester: { email: "c@customer.test" } }, as.ada);
    expect(v.owner).toEqual({ id: "bob", name: "Bob" });
    await drain();
    const cards = api.of("chat.postMessage").filter((p) => p.body.channel === "CTIER1" && !p.body.thread_ts);
    expect(cards).toHaveLength(1);
    expect(JSON.stringify(cards[0]!.body.blocks)).toContain(String.raw`"*Owner*\nBob"`);
    const dm = api.of("chat.postMessage").filter((p) => p.body.channel === "U0BOB");
    expect(dm).toHaveLength(1);
    expect(String(dm[0]!.body.text)).toContain(`#${v.id}`);
    expect(await t.prisma.outbox.count({ where: { ticketId: v.id, status: { not: "done" } } })).toBe(0);
  });

  it("says in the card's thread, in the team's channel, that nobody could be given the ticket", async () => {
    await setAway(t.deps, { away: true }, as.bob);
    await setAway(t.deps, { away: true }, as.cy);
    const v = await createTicket(t.deps, { subject: "Scanner", teamId: "tier1", requester: { email: "c@customer.test" } }, as.ada);
    expect(v.owner).toBeNull();
    await drain();
    const card = api.of("chat.postMessage").find((p) => p.body.channel === "CTIER1" && !p.body.thread_ts);
    expect(card).toBeDefined();
    const link = await t.prisma.chatLink.findFirstOrThrow({ where: { ticketId: v.id, surface: "slack", role: "card" } });
    const thread = api.of("chat.postMessage").filter((p) => p.body.thread_ts === link.messageId);
    expect(thread.map((p) => p.body.channel)).toEqual(["CTIER1"]);
    expect(thread[0]!.body.text).toBe(
      `⚙️ System: Nobody could be given #${v.id} by the assignment rule "tier1-turns": everyone in it is away, at capacity or inactive. It stays unassigned; claim it or assign it.`,
    );
    expect(api.of("chat.postMessage").filter((p) => String(p.body.channel).startsWith("U"))).toEqual([]);
  });
});
