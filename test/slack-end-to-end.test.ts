// End to end through Slack: an email arrives at the email webhook, its card appears in Slack, an
// agent claims it and replies through the reply modal with status "Waiting on customer", and the
// card and the outgoing email both show it. Real parts throughout: the hono app, the Bolt app fed
// signed requests, the outbox dispatcher, SMTP on loopback; only Slack's Web API is nock.
import { Hono } from "hono";
import { afterAll, beforeAll, expect, it } from "vitest";
import { smtpDeliveryTarget, smtpTransport } from "../adapters/email/send/smtp-target.js";
import { emailWebhookRoutes } from "../adapters/email/routes.js";
import { testInboxes } from "../adapters/email/testing/app.js";
import { rawMail, rawSecret, signRaw } from "../adapters/email/testing/mail.js";
import { startSmtpSink, type SmtpSink } from "../adapters/email/testing/smtp-sink.js";
import { createSlackAdapter, type SlackAdapter } from "../adapters/slack/index.js";
import { blockAction, signingSecret, teamId, viewSubmission } from "../adapters/slack/testing/requests.js";
import { fakeSlackApi, type FakeSlackApi } from "../adapters/slack/testing/slack-api.js";
import { silentLogger } from "../core/log.js";
import { OutboxDispatcher } from "../core/outbox/dispatcher.js";
import { testCore, type TestCore } from "./harness.js";

let t: TestCore;
let sink: SmtpSink;
let api: FakeSlackApi;
let slack: SlackAdapter;
let http: Hono;
let dispatcher: OutboxDispatcher;

beforeAll(async () => {
  t = await testCore();
  sink = await startSmtpSink();
  api = fakeSlackApi();
  slack = createSlackAdapter({
    deps: t.deps,
    log: silentLogger,
    nowMs: () => t.deps.now().getTime(),
    settings: {
      botToken: "xoxb-test",
      signingSecret,
      botUserId: "U0BOT",
      botId: "B0BOT",
      teamId,
      triageChannels: [{ channel: "CTRIAGE" }],
    },
  });
  http = new Hono();
  http.route(
    "/webhooks/email",
    emailWebhookRoutes({ deps: t.deps, log: silentLogger, inboxes: testInboxes, secrets: { raw: rawSecret }, maxBytes: 1 << 20 }),
  );
  slack.route(http);
  const email = smtpDeliveryTarget({ deps: t.deps, inboxes: testInboxes, transport: smtpTransport(sink.url) });
  dispatcher = new OutboxDispatcher({ deps: t.deps, targets: { email, slack: slack.target }, log: silentLogger });
});
afterAll(async () => {
  api.done();
  await sink.close();
  await t.close();
});

const o = () => ({ nowMs: t.deps.now().getTime() });
async function send(req: Request) {
  const res = await http.request(req);
  await slack.stop();
  return res;
}
async function drain() {
  for (let i = 0; i < 4; i++) await dispatcher.runOnce();
}

it("email in, card in Slack, claim and reply from Slack, card and email out", async () => {
  const mail = rawMail({ subject: "Printer on fire", body: "It is smoking. <!channel> help!" });
  const intake = await http.request("/webhooks/email/raw", {
    method: "POST",
    body: new Uint8Array(mail),
    headers: { "content-type": "message/rfc822", "x-helpdesk-signature": signRaw(mail) },
  });
  expect(intake.status).toBeLessThan(300);
  const ticket = await t.prisma.ticket.findFirstOrThrow({ where: { subject: "Printer on fire" } });
  await drain();

  const card = api.of("chat.postMessage").find((c) => c.body.channel === "CTRIAGE" && !c.body.thread_ts)!;
  expect(JSON.stringify(card.body.blocks)).toContain(`*#${ticket.id}* Printer on fire`);
  const mirrored = api.of("chat.postMessage").find((c) => c.body.thread_ts)!;
  expect(JSON.stringify(mirrored.body.blocks)).toContain("&lt;!channel&gt; help!");

  await send(
    blockAction(
      "U0BOB",
      { action_id: "ticket.claim", block_id: `card.actions.${ticket.id}`, type: "button", value: String(ticket.id) },
      o(),
    ),
  );
  await send(
    blockAction(
      "U0BOB",
      { action_id: "ticket.reply", block_id: `card.actions.${ticket.id}`, type: "button", value: String(ticket.id) },
      o(),
    ),
  );
  const modal = api.of("views.open").at(-1)!.body.view as { callback_id: string; private_metadata: string };
  const submission = viewSubmission(
    "U0BOB",
    modal,
    {
      text: { type: "plain_text_input", value: "We are sending a technician." },
      status: { type: "static_select", selected_option: { value: "waiting_on_customer" } },
    },
    o(),
  );
  const submitted = await send(submission.clone());
  expect(await submitted.text()).toBe("");
  // The same signed submission sent again (captured and replayed) is acknowledged and sends nothing.
  expect((await send(submission)).status).toBe(200);

  api.calls.length = 0;
  await drain();
  const update = api.of("chat.update").at(-1)!;
  const link = await t.prisma.chatLink.findFirstOrThrow({ where: { ticketId: ticket.id, role: "card" } });
  expect(update.body).toMatchObject({ channel: "CTRIAGE", ts: link.messageId });
  const blocks = JSON.stringify(update.body.blocks);
  expect(blocks).toContain("*Owner*\\nBob");
  expect(blocks).toContain("*Status*\\nWaiting on customer");
  expect(api.of("chat.postMessage").some((c) => JSON.stringify(c.body.blocks).includes("We are sending a technician."))).toBe(true);

  expect(sink.received).toHaveLength(1);
  expect(sink.received[0]!.rcptTo).toEqual(["carol@customer.test"]);
  const out = sink.received[0]!.raw.toString("utf8");
  expect(out).toContain("We are sending a technician.");
  expect(out).toMatch(/Subject: .*Printer on fire/);
});
