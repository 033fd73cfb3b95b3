// End to end through Discord, with Slack configured too: a signed web form opens a ticket, its
// forum post appears in Discord, an agent claims it with the card's button in Discord, the Slack
// card shows the new owner, the agent replies through Discord's reply modal, and the email goes
// out. Real parts throughout: the hono app with the form webhook, the real discord.js client fed
// raw gateway payloads, the Bolt-backed Slack target, the outbox dispatcher, SMTP on loopback;
// only Discord's and Slack's HTTP APIs are nock.
import { createHmac } from "node:crypto";
import { Hono } from "hono";
import { afterAll, beforeAll, expect, it } from "vitest";
import { modalId } from "../adapters/discord/custom-ids.js";
import { createDiscordClient, WorkInFlight } from "../adapters/discord/gateway.js";
import { contextFor, createDiscordTarget, type DiscordSettings } from "../adapters/discord/index.js";
import { fakeDiscordApi, makeRequest, testRest, type FakeDiscordApi } from "../adapters/discord/testing/discord-api.js";
import { button, FORUM, GUILD, guildCreate, modalSubmit, rawMessage } from "../adapters/discord/testing/payloads.js";
import { smtpDeliveryTarget, smtpTransport } from "../adapters/email/send/smtp-target.js";
import { testInboxes } from "../adapters/email/testing/app.js";
import { startSmtpSink, type SmtpSink } from "../adapters/email/testing/smtp-sink.js";
import { FormDefinition } from "../adapters/forms/config.js";
import { formWebhookRoutes } from "../adapters/forms/routes.js";
import { createSlackTarget } from "../adapters/slack/index.js";
import { fakeSlackApi, type FakeSlackApi } from "../adapters/slack/testing/slack-api.js";
import { silentLogger } from "../core/log.js";
import { OutboxDispatcher } from "../core/outbox/dispatcher.js";
import { testCore, type TestCore } from "./harness.js";

const bob = { id: "100000000000000001", name: "Bob" };
let t: TestCore;
let sink: SmtpSink;
let discordApi: FakeDiscordApi;
let slackApi: FakeSlackApi;
let http: Hono;
let dispatcher: OutboxDispatcher;
let interact: (raw: { id: string }) => Promise<void>;
let destroy: () => Promise<void>;

beforeAll(async () => {
  t = await testCore();
  sink = await startSmtpSink();
  slackApi = fakeSlackApi();
  discordApi = fakeDiscordApi({ forums: [FORUM] });
  const settings: DiscordSettings = {
    token: "MTAwMDAwMDAwMDAwMDAwMDAw.Gabcde.test-token-not-real",
    guildId: GUILD,
    forums: [{ channel: FORUM }],
  };
  const work = new WorkInFlight();
  const client = createDiscordClient(contextFor(t.deps, silentLogger, settings), work, { rest: { makeRequest } });
  client.rest.setToken(settings.token);
  (client.guilds as unknown as { _add(d: unknown): unknown })._add(guildCreate());
  const actions = (client as unknown as { actions: { InteractionCreate: { handle(d: unknown): void } } }).actions;
  interact = async (raw) => {
    actions.InteractionCreate.handle(raw);
    await work.idle();
  };
  destroy = async () => {
    await work.idle();
    await client.destroy();
  };
  const form = {
    ...FormDefinition.parse({
      id: "contact",
      secretEnv: "X",
      fields: { email: "email", name: "name", subject: "topic", description: "message" },
    }),
    secret: "site-secret",
  };
  http = new Hono();
  http.route("/webhooks/forms", formWebhookRoutes({ deps: t.deps, log: silentLogger, forms: [form], maxBytes: 64 * 1024 }));
  dispatcher = new OutboxDispatcher({
    deps: t.deps,
    log: silentLogger,
    targets: {
      email: smtpDeliveryTarget({ deps: t.deps, inboxes: testInboxes, transport: smtpTransport(sink.url) }),
      discord: createDiscordTarget(t.deps, settings, testRest),
      slack: createSlackTarget(t.deps, {
        botToken: "xoxb-test",
        signingSecret: "s".repeat(32),
        botUserId: "U0BOT",
        botId: "B0BOT",
        triageChannels: [{ channel: "CTRIAGE" }],
      }),
    },
  });
});
afterAll(async () => {
  await destroy();
  discordApi.done();
  slackApi.done();
  await sink.close();
  await t.close();
});

async function drain() {
  for (let i = 0; i < 5; i++) await dispatcher.runOnce();
}

function signedForm(body: string) {
  const ts = String(Math.floor(t.deps.now().getTime() / 1000));
  const sig = createHmac("sha256", "site-secret").update(`${ts}..${body}`).digest("hex");
  return http.request("/webhooks/forms/contact", {
    method: "POST",
    body,
    headers: { "content-type": "application/json", "x-helpdesk-signature": `t=${ts},sha256=${sig}` },
  });
}

it("form in, forum post in Discord, claim there shows on the Slack card, reply from Discord goes out by email", async () => {
  const res = await signedForm(
    JSON.stringify({ email: "gina@shop.test", name: "Gina", topic: "Checkout broken", message: "Card declined @everyone" }),
  );
  expect(res.status).toBe(200);
  const { ticketId } = (await res.json()) as { ticketId: number };
  await drain();

  // The forum post: titled "#n subject", the card as its starter message, the form's text in its thread.
  const post = discordApi.of("POST", `/channels/${FORUM}/threads`)[0]!;
  expect(post.body.name).toBe(`#${ticketId} Checkout broken`);
  const link = await t.prisma.chatLink.findFirstOrThrow({ where: { ticketId, surface: "discord", role: "card" } });
  const thread = link.threadId!;
  const mirrored = discordApi.of("POST", `/channels/${thread}/messages`).map((c) => String(c.body.content));
  expect(mirrored.join("\n")).toContain("Card declined @\u200beveryone");
  expect(slackApi.of("chat.postMessage").some((c) => c.body.channel === "CTRIAGE" && !c.body.thread_ts)).toBe(true);

  // Claim with the card's button in the forum post.
  const where = { channelId: thread, parentId: FORUM };
  const claim = button(bob, `ticket:claim:${ticketId}`, where, rawMessage(thread, { id: link.messageId! }));
  await interact(claim);
  expect(discordApi.callbackFor(claim.id)?.type).toBe(6);
  expect((await t.prisma.ticket.findUniqueOrThrow({ where: { id: ticketId } })).ownerId).toBe("bob");
  slackApi.calls.length = 0;
  await drain();
  const slackCard = slackApi.of("chat.update").at(-1)!;
  expect(JSON.stringify(slackCard.body.blocks)).toContain("*Owner*\\nBob");
  const discordCard = discordApi.of("PATCH", `/channels/${thread}/messages/${link.messageId}`).at(-1)!;
  expect(JSON.stringify(discordCard.body.embeds)).toContain('"name":"Owner","value":"Bob"');

  // Reply through the card's Reply button and the modal it opens.
  const open = button(bob, `ticket:reply:${ticketId}`, where, rawMessage(thread, { id: link.messageId! }));
  await interact(open);
  const modal = discordApi.callbackFor(open.id)!;
  expect(modal.type).toBe(9);
  expect(modal.data.custom_id).toBe(modalId("reply", ticketId));
  const submit = modalSubmit(
    bob,
    String(modal.data.custom_id),
    { text: "A fix is deployed; please try again.", status: ["waiting_on_customer"] },
    where,
  );
  await interact(submit);
  expect(discordApi.shown()).not.toMatch(/⚠️|⛔|❌|🔍|✋/);
  await drain();

  expect(sink.received).toHaveLength(1);
  expect(sink.received[0]!.rcptTo).toEqual(["gina@shop.test"]);
  const mail = sink.received[0]!.raw.toString("utf8");
  expect(mail).toContain("A fix is deployed; please try again.");
  expect(mail).toMatch(/Subject: .*Checkout broken/);
  const after = await t.prisma.ticket.findUniqueOrThrow({ where: { id: ticketId } });
  expect(after.statusId).toBe("waiting_on_customer");
  expect(JSON.stringify(slackApi.of("chat.update").at(-1)!.body.blocks)).toContain("Waiting on customer");
});
