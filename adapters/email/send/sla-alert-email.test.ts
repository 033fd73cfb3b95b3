// SLA alerts by email: a policy with `emailAlerts` sends each agent told of a breach one email from
// the ticket's inbox, in their own language; a policy without it sends none.
import PostalMime from "postal-mime";
import { afterEach, describe, expect, it } from "vitest";
import { coreJobs } from "../../../core/jobs/core-jobs.js";
import { silentLogger } from "../../../core/log.js";
import { OutboxDispatcher } from "../../../core/outbox/dispatcher.js";
import { createTicket } from "../../../core/tickets/create-ticket.js";
import { replyToTicket } from "../../../core/tickets/reply-to-ticket.js";
import { slaConfigInput } from "../../../test/sla-config.js";
import { as, testCore, type TestCore } from "../../../test/harness.js";
import { startSmtpSink, type SmtpSink } from "../testing/smtp-sink.js";
import { testInboxes } from "../testing/app.js";
import { smtpDeliveryTarget, smtpTransport } from "./smtp-target.js";

let t: TestCore;
let sink: SmtpSink;
let target: ReturnType<typeof smtpDeliveryTarget>;
let worker: OutboxDispatcher;

async function start(emailAlerts: boolean) {
  t = await testCore({
    ...slaConfigInput,
    agents: slaConfigInput.agents.map((a) => (a.id === "cy" ? { ...a, locale: "ja" } : a)),
    slaPolicies: [{ id: "standard", firstResponse: "4h", warnBefore: "30m", emailAlerts }],
  });
  sink = await startSmtpSink();
  target = smtpDeliveryTarget({ deps: t.deps, inboxes: testInboxes, transport: smtpTransport(sink.url) });
  worker = new OutboxDispatcher({ deps: t.deps, targets: { email: target }, jobs: coreJobs, log: silentLogger });
}
afterEach(async () => {
  target.close();
  await sink.close();
  await t.close();
});

const breach = async () => {
  const { id } = await createTicket(t.deps, { subject: "Printer on fire", teamId: "tier1" }, as.ada);
  // Due at 14:00 (4 business hours from Monday 09:00 with a lunch break).
  t.advance(5 * 3_600_000);
  await worker.runOnce();
  await worker.runOnce();
  return id;
};

describe("SLA alerts by email", () => {
  it("emails each agent of the team, in their language, once", async () => {
    await start(true);
    const id = await breach();
    const mails = await Promise.all(sink.received.map((m) => PostalMime.parse(m.raw)));
    const byTo = Object.fromEntries(mails.map((m) => [m.to?.[0]?.address, m]));
    expect(Object.keys(byTo).sort()).toEqual(["bob@helpdesk.test", "cy@helpdesk.test"]);
    expect(byTo["bob@helpdesk.test"]!.subject).toBe(`SLA breached #${id}: First response overdue – Printer on fire`);
    expect(byTo["bob@helpdesk.test"]!.from).toEqual({ name: "Acme Support", address: "support@acme.test" });
    expect(byTo["bob@helpdesk.test"]!.text).toContain(`/ticket show #${id}`);
    expect(byTo["cy@helpdesk.test"]!.subject).toBe(`SLA違反 #${id}：初回応答の期限を過ぎました – Printer on fire`);
    // The breach fired once: nothing more on the next passes.
    await worker.runOnce();
    expect(sink.received).toHaveLength(2);
  });

  it("sends nothing by email when the policy does not ask for it", async () => {
    await start(false);
    await breach();
    expect(sink.received).toHaveLength(0);
    expect(await t.prisma.outbox.count({ where: { topic: "agents.notify" } })).toBe(1);
  });

  it("one agent's address refused for good neither stops the others' nor shows as the ticket's delivery failing", async () => {
    await start(true);
    sink.refuseWith({ code: 550, message: "no such user" }, "bob@helpdesk.test");
    const id = await breach();
    await worker.runOnce();
    const mails = await Promise.all(sink.received.map((m) => PostalMime.parse(m.raw)));
    expect(mails.map((m) => m.to?.[0]?.address)).toEqual(["cy@helpdesk.test"]);
    const rows = await t.prisma.outbox.findMany({ where: { topic: "sla.email" } });
    expect(rows.map((r) => [JSON.parse(r.payload).agentIds, r.status, r.ticketId]).sort()).toEqual([
      [["bob"], "failed", null],
      [["cy"], "done", null],
    ]);
    expect(await t.prisma.timelineEvent.count({ where: { ticketId: id, type: "delivery.failed" } })).toBe(0);
  });

  it("an alert waiting to be retried does not hold up the customer's email on the same ticket", async () => {
    await start(true);
    sink.refuseWith({ code: 451, message: "try later" }, "bob@helpdesk.test");
    const { id } = await createTicket(
      t.deps,
      { subject: "Printer on fire", teamId: "tier1", requester: { email: "carol@customer.test" } },
      as.ada,
    );
    t.advance(5 * 3_600_000);
    await worker.runOnce();
    expect(await t.prisma.outbox.findFirst({ where: { topic: "sla.email", status: "pending" } })).not.toBeNull();
    await replyToTicket(t.deps, { ticketId: id, text: "It is out now" }, as.bob);
    await worker.runOnce();
    const to = (await Promise.all(sink.received.map((m) => PostalMime.parse(m.raw)))).map((m) => m.to?.[0]?.address);
    expect(to).toContain("carol@customer.test");
  });
});
