// A ticket that changes team or pipeline moves to that forum: a new post there, and the old card
// turned into a pointer (no buttons) with its post archived.
import { afterAll, beforeAll, expect, it } from "vitest";
import { silentLogger } from "../../core/log.js";
import { OutboxDispatcher } from "../../core/outbox/dispatcher.js";
import { commentOnTicket } from "../../core/tickets/comment-on-ticket.js";
import { moveTicket } from "../../core/tickets/move-ticket.js";
import { updateProperties } from "../../core/tickets/update-properties.js";
import { createTicket } from "../../core/tickets/create-ticket.js";
import { HelpdeskConfig, buildCatalog } from "../../core/config.js";
import { as, testConfigInput, testCore, type TestCore } from "../../test/harness.js";
import { fakeDiscordApi, testRest, type FakeDiscordApi } from "./testing/discord-api.js";
import { FORUM } from "./testing/payloads.js";
import { discordRest } from "./rest.js";
import { discordDeliveryTarget } from "./target.js";

const TIER1 = "200000000000000002";
const BILLING = "200000000000000003";
let t: TestCore;
let api: FakeDiscordApi;
let dispatcher: OutboxDispatcher;

beforeAll(async () => {
  t = await testCore();
  api = fakeDiscordApi({ forums: [FORUM, TIER1, BILLING] });
  const forums = [{ channel: TIER1, teamId: "tier1" }, { channel: BILLING, pipelineId: "billing" }, { channel: FORUM }];
  const target = discordDeliveryTarget({ deps: t.deps, rest: discordRest("t", testRest), forums });
  dispatcher = new OutboxDispatcher({ deps: t.deps, targets: { discord: target }, log: silentLogger, backoffBaseMs: 1 });
});
afterAll(async () => {
  api.done();
  await t.close();
});

async function drain() {
  for (let i = 0; i < 5; i++) await dispatcher.runOnce();
}
const link = (ticketId: number) => t.prisma.chatLink.findMany({ where: { ticketId, surface: "discord", role: "card" } });

it("moves the post to the new team's forum and leaves a pointer without buttons in the old one", async () => {
  const ticket = await createTicket(t.deps, { subject: "Wrong desk", requester: { email: "w@x.test" } }, as.ada);
  await drain();
  const [before] = await link(ticket.id);
  expect(before!.channelId).toBe(FORUM);

  await updateProperties(t.deps, { ticketId: ticket.id, teamId: "tier1" }, as.ada);
  await drain();
  const after = await link(ticket.id);
  expect(after).toHaveLength(1);
  expect(after[0]!.channelId).toBe(TIER1);
  expect(api.of("POST", `/channels/${TIER1}/threads`)).toHaveLength(1);
  const pointer = api.of("PATCH", `/channels/${before!.threadId}/messages/${before!.messageId}`).at(-1)!;
  expect(pointer.body).toEqual({
    content: `➡️ #${ticket.id} moved to <#${after[0]!.threadId}>.`,
    embeds: [],
    components: [],
    allowed_mentions: { parse: [] },
  });
  expect(api.of("PATCH", `/channels/${before!.threadId}`).at(-1)!.body).toEqual({ archived: true });
  const note = api.of("POST", `/channels/${after[0]!.threadId}/messages`).map((c) => String(c.body.content));
  expect(note).toContain(`⬅️ Moved here from <#${before!.threadId}>, where its earlier history is.`);

  // Later changes edit the card in its new forum only.
  api.calls.length = 0;
  await moveTicket(t.deps, { ticketId: ticket.id, pipelineId: "billing" }, as.ada);
  await drain();
  // The team's forum still wins over the pipeline's.
  expect((await link(ticket.id))[0]!.channelId).toBe(TIER1);
  expect(api.of("POST", /\/threads$/)).toHaveLength(0);
  expect(api.of("PATCH", `/channels/${after[0]!.threadId}/messages/${after[0]!.messageId}`)).toHaveLength(1);
});

it("follows the pipeline's forum when the ticket has no team", async () => {
  const ticket = await createTicket(t.deps, { subject: "Invoice", requester: { email: "i@x.test" } }, as.ada);
  await drain();
  await moveTicket(t.deps, { ticketId: ticket.id, pipelineId: "billing" }, as.ada);
  await drain();
  expect((await link(ticket.id)).map((l) => l.channelId)).toEqual([BILLING]);
});

it("keeps one current post, the newest with a card, for the card and its thread alike", async () => {
  // A move cut short: the post in the team's forum is up but the old one was never retired, and
  // the ticket goes back to the old forum before the retry. (The card used to be synced on the
  // oldest post while messages went to the newest, which stayed a card for good.)
  const ticket = await createTicket(t.deps, { subject: "Back and forth", requester: { email: "b@x.test" } }, as.ada);
  await drain();
  const [home] = await link(ticket.id);
  await updateProperties(t.deps, { ticketId: ticket.id, teamId: "tier1" }, as.ada);
  await drain();
  const [away] = await link(ticket.id);
  expect(away!.channelId).toBe(TIER1);
  await t.prisma.chatLink.update({ where: { id: home!.id }, data: { role: "card" } });

  api.calls.length = 0;
  await updateProperties(t.deps, { ticketId: ticket.id, teamId: null }, as.ada);
  await commentOnTicket(t.deps, { ticketId: ticket.id, text: "Where am I written?" }, as.ada);
  await drain();
  expect((await link(ticket.id)).map((l) => l.channelId)).toEqual([FORUM]);
  expect(api.of("PATCH", `/channels/${home!.threadId}/messages/${home!.messageId}`)).not.toHaveLength(0);
  const pointer = api.of("PATCH", `/channels/${away!.threadId}/messages/${away!.messageId}`).at(-1)!;
  expect(pointer.body).toMatchObject({ content: `➡️ #${ticket.id} moved to <#${home!.threadId}>.` });
  const inHome = api.of("POST", `/channels/${home!.threadId}/messages`).map((c) => String(c.body.content));
  expect(inHome.some((c) => c.includes("Where am I written?"))).toBe(true);
  expect(api.of("POST", `/channels/${away!.threadId}/messages`)).toHaveLength(0);
});

it("writes the pointer and the note in the help desk's language", async () => {
  const catalog = buildCatalog(HelpdeskConfig.parse(testConfigInput), { locale: "ja", timeZone: "Asia/Tokyo" });
  const deps = { ...t.deps, catalog };
  const forums = [{ channel: TIER1, teamId: "tier1" }, { channel: FORUM }];
  const target = discordDeliveryTarget({ deps, rest: discordRest("t", testRest), forums });
  const japanese = new OutboxDispatcher({ deps, targets: { discord: target }, log: silentLogger, backoffBaseMs: 1 });
  const ticket = await createTicket(deps, { subject: "Wrong desk", requester: { email: "j@x.test" } }, as.ada);
  for (let i = 0; i < 5; i++) await japanese.runOnce();
  const [before] = await link(ticket.id);
  await updateProperties(deps, { ticketId: ticket.id, teamId: "tier1" }, as.ada);
  for (let i = 0; i < 5; i++) await japanese.runOnce();
  const [after] = await link(ticket.id);
  const pointer = api.of("PATCH", `/channels/${before!.threadId}/messages/${before!.messageId}`).at(-1)!;
  expect(pointer.body.content).toBe(`➡️ #${ticket.id} は <#${after!.threadId}> に移動しました。`);
  const note = api.of("POST", `/channels/${after!.threadId}/messages`).map((c) => String(c.body.content));
  expect(note).toContain(`⬅️ <#${before!.threadId}> から移動しました。これまでの記録は移動元にあります。`);
});
