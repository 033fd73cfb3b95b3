// A workflow's notification in an agent's DM is in that agent's language: the workflow's text in
// their language, its fields (the status) filled in it too, not the help desk's.
import { afterAll, beforeAll, expect, it } from "vitest";
import { silentLogger } from "../../core/log.js";
import { OutboxDispatcher } from "../../core/outbox/dispatcher.js";
import { createTicket } from "../../core/tickets/create-ticket.js";
import { as, testConfigInput, testCore, type TestCore } from "../../test/harness.js";
import { fakeDiscordApi, testRest, type FakeDiscordApi } from "./testing/discord-api.js";
import { FORUM } from "./testing/payloads.js";
import { discordRest } from "./rest.js";
import { discordDeliveryTarget } from "./target.js";

let t: TestCore;
let api: FakeDiscordApi;
let dispatcher: OutboxDispatcher;

beforeAll(async () => {
  t = await testCore({
    ...testConfigInput,
    pipelines: testConfigInput.pipelines.map((p) =>
      p.id === "support" ? { ...p, statuses: p.statuses.map((s) => (s.id === "new" ? { ...s, name: { en: "New", ja: "新規" } } : s)) } : p,
    ),
    agents: testConfigInput.agents.map((a) => (a.id === "bob" ? { ...a, locale: "ja" } : a)),
    workflows: [
      {
        id: "yours",
        name: "Tell the owner",
        trigger: { on: "ticket_created" },
        actions: [
          { do: "notify", to: "owner", via: ["chat"], text: { en: "{number} is yours ({status})", ja: "{number} の担当です（{status}）" } },
        ],
      },
    ],
  });
  api = fakeDiscordApi({ forums: [FORUM] });
  const target = discordDeliveryTarget({ deps: t.deps, rest: discordRest("t", testRest), forums: [{ channel: FORUM }] });
  dispatcher = new OutboxDispatcher({ deps: t.deps, targets: { discord: target }, log: silentLogger, backoffBaseMs: 1 });
});
afterAll(async () => {
  api.done();
  await t.close();
});

it("tells a Japanese agent in Japanese, with the status by its Japanese name", async () => {
  const { id } = await createTicket(t.deps, { subject: "Printer", requester: { email: "c@x.test" }, ownerId: "bob" }, as.ada);
  for (let i = 0; i < 5; i++) await dispatcher.runOnce();
  const dms = api.of("POST", /\/channels\/\d+\/messages$/).filter((c) => String(c.body.content).includes("の担当です"));
  expect(dms).toHaveLength(1);
  expect(String(dms[0]!.body.content)).toContain(`> #${id} の担当です（新規）`);
});
