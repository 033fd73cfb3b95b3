// A workflow's notification on Slack: a direct message to the agents it names, opening with the
// workflow notice in their language and carrying the workflow's own words.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { silentLogger } from "../../core/log.js";
import { OutboxDispatcher } from "../../core/outbox/dispatcher.js";
import { coreJobs } from "../../core/jobs/core-jobs.js";
import { createTicket } from "../../core/tickets/create-ticket.js";
import { as, testConfigInput, testCore, type TestCore } from "../../test/harness.js";
import { slackClient } from "./api.js";
import { slackDeliveryTarget } from "./target.js";
import { fakeSlackApi, type FakeSlackApi } from "./testing/slack-api.js";

describe("a workflow's notification on Slack", () => {
  let t: TestCore;
  let api: FakeSlackApi;
  beforeAll(async () => {
    t = await testCore({
      ...testConfigInput,
      workflows: [
        {
          id: "tell-owner",
          name: "Tell the owner",
          trigger: { on: "ticket_created" },
          actions: [{ do: "notify", to: "owner", text: "{number} came in for you: {subject}" }],
        },
      ],
    });
  });
  afterAll(() => t.close());
  beforeEach(() => {
    api = fakeSlackApi();
  });
  afterEach(() => api.done());

  it("direct-messages the owner with the workflow's text", async () => {
    const { id } = await createTicket(
      t.deps,
      { subject: "Printer on fire", requester: { email: "c@customer.test" }, ownerId: "bob" },
      as.ada,
    );
    const target = slackDeliveryTarget({ deps: t.deps, client: slackClient("xoxb-test"), triageChannels: [{ channel: "CTRIAGE" }] });
    const worker = new OutboxDispatcher({ deps: t.deps, targets: { slack: target }, jobs: coreJobs, log: silentLogger, backoffBaseMs: 1 });
    for (let i = 0; i < 4; i++) await worker.runOnce();
    const dm = api.of("chat.postMessage").filter((p) => p.body.channel === "U0BOB");
    expect(dm).toHaveLength(1);
    expect(dm[0]!.body.text).toContain(`A workflow tells you about #${id}`);
    expect(JSON.stringify(dm[0]!.body.blocks)).toContain(`#${id} came in for you: Printer on fire`);
  });
});

describe("a workflow's notification to a Japanese agent on Slack", () => {
  let t: TestCore;
  let api: FakeSlackApi;
  beforeAll(async () => {
    t = await testCore({
      ...testConfigInput,
      agents: testConfigInput.agents.map((a) => (a.id === "bob" ? { ...a, locale: "ja" } : a)),
      workflows: [
        {
          id: "tell-owner",
          name: "Tell the owner",
          trigger: { on: "ticket_created" },
          actions: [
            { do: "notify", to: "owner", text: { en: "{number} came in for you ({priority})", ja: "{number} の担当です（{priority}）" } },
          ],
        },
      ],
    });
  });
  afterAll(() => t.close());
  beforeEach(() => {
    api = fakeSlackApi();
  });
  afterEach(() => api.done());

  it("carries the workflow's words in the agent's language, its fields filled in it, whatever the help desk's", async () => {
    const { id } = await createTicket(t.deps, { subject: "Printer", requester: { email: "c@customer.test" }, ownerId: "bob" }, as.ada);
    const target = slackDeliveryTarget({ deps: t.deps, client: slackClient("xoxb-test"), triageChannels: [{ channel: "CTRIAGE" }] });
    const worker = new OutboxDispatcher({ deps: t.deps, targets: { slack: target }, jobs: coreJobs, log: silentLogger, backoffBaseMs: 1 });
    for (let i = 0; i < 4; i++) await worker.runOnce();
    const dm = api.of("chat.postMessage").filter((p) => p.body.channel === "U0BOB");
    expect(dm).toHaveLength(1);
    expect(JSON.stringify(dm[0]!.body.blocks)).toContain(`#${id} の担当です（中）`);
  });
});
