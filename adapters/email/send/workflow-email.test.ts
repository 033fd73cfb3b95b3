// A workflow's notification by email: one message per agent, from the ticket's inbox, the
// workflow's text with how to open the ticket in the agent's language.
import PostalMime from "postal-mime";
import { afterEach, describe, expect, it } from "vitest";
import { coreJobs } from "../../../core/jobs/core-jobs.js";
import { silentLogger } from "../../../core/log.js";
import { OutboxDispatcher } from "../../../core/outbox/dispatcher.js";
import { createTicket } from "../../../core/tickets/create-ticket.js";
import { as, testConfigInput, testCore, type TestCore } from "../../../test/harness.js";
import { startSmtpSink, type SmtpSink } from "../testing/smtp-sink.js";
import { testInboxes } from "../testing/app.js";
import { smtpDeliveryTarget, smtpTransport } from "./smtp-target.js";

let t: TestCore;
let sink: SmtpSink;
let target: ReturnType<typeof smtpDeliveryTarget>;
afterEach(async () => {
  target.close();
  await sink.close();
  await t.close();
});

describe("workflow notifications by email", () => {
  it("emails each agent told, in their language", async () => {
    t = await testCore({
      ...testConfigInput,
      agents: testConfigInput.agents.map((a) => (a.id === "cy" ? { ...a, locale: "ja" } : a)),
      workflows: [
        {
          id: "tell-team",
          name: "Tell the team",
          trigger: { on: "ticket_created" },
          actions: [{ do: "notify", to: "team", via: ["email"], text: "New: {subject}" }],
        },
      ],
    });
    sink = await startSmtpSink();
    target = smtpDeliveryTarget({ deps: t.deps, inboxes: testInboxes, transport: smtpTransport(sink.url) });
    const worker = new OutboxDispatcher({ deps: t.deps, targets: { email: target }, jobs: coreJobs, log: silentLogger });
    const { id } = await createTicket(t.deps, { subject: "Printer on fire", teamId: "tier1" }, as.ada);
    await worker.runOnce();
    const mails = await Promise.all(sink.received.map((m) => PostalMime.parse(m.raw)));
    const byTo = Object.fromEntries(mails.map((m) => [m.to?.[0]?.address, m]));
    expect(Object.keys(byTo).sort()).toEqual(["bob@helpdesk.test", "cy@helpdesk.test"]);
    expect(byTo["bob@helpdesk.test"]!.subject).toBe(`#${id}: Printer on fire (help desk notice)`);
    expect(byTo["cy@helpdesk.test"]!.subject).toBe(`#${id}：Printer on fire（ヘルプデスクからのお知らせ）`);
    expect(byTo["bob@helpdesk.test"]!.text).toContain("New: Printer on fire");
    expect(byTo["bob@helpdesk.test"]!.text).toContain(`Open it in chat with /ticket show #${id}.`);
    expect(byTo["cy@helpdesk.test"]!.text).toContain(`チャットで /ticket show #${id} から開けます。`);
    // Sent once.
    await worker.runOnce();
    expect(sink.received).toHaveLength(2);
  });

  it("fills the workflow's own words in each agent's language", async () => {
    t = await testCore({
      ...testConfigInput,
      agents: testConfigInput.agents.map((a) => (a.id === "cy" ? { ...a, locale: "ja" } : a)),
      workflows: [
        {
          id: "tell-team",
          name: "Tell the team",
          trigger: { on: "ticket_created" },
          actions: [
            { do: "notify", to: "team", via: ["email"], text: { en: "New ({priority}): {subject}", ja: "新着（{priority}）: {subject}" } },
          ],
        },
      ],
    });
    sink = await startSmtpSink();
    target = smtpDeliveryTarget({ deps: t.deps, inboxes: testInboxes, transport: smtpTransport(sink.url) });
    const worker = new OutboxDispatcher({ deps: t.deps, targets: { email: target }, jobs: coreJobs, log: silentLogger });
    await createTicket(t.deps, { subject: "Printer on fire", teamId: "tier1", priority: "high" }, as.ada);
    await worker.runOnce();
    const mails = await Promise.all(sink.received.map((m) => PostalMime.parse(m.raw)));
    const byTo = Object.fromEntries(mails.map((m) => [m.to?.[0]?.address, m]));
    expect(byTo["bob@helpdesk.test"]!.text).toContain("New (high): Printer on fire");
    expect(byTo["cy@helpdesk.test"]!.text).toContain("新着（高）: Printer on fire");
  });
});
