// A core for workflow tests: its configuration's workflows, the SLA calendars, an assignment
// rule for tier 1, a dispatcher to run the jobs, and readers of what the workflows did.
import { afterEach } from "vitest";
import { as, testCore, type TestCore } from "../../../test/harness.js";
import { slaConfigInput } from "../../../test/sla-config.js";
import { coreJobs } from "../../jobs/core-jobs.js";
import { silentLogger } from "../../log.js";
import { OutboxDispatcher } from "../../outbox/dispatcher.js";
import { createTicket } from "../../tickets/create-ticket.js";

export let t: TestCore;
export let worker: OutboxDispatcher;
afterEach(() => t?.close());

/** A core with this configuration and a dispatcher over it. */
export async function startWith(config: Record<string, unknown>) {
  t = await testCore(config);
  worker = new OutboxDispatcher({ deps: t.deps, targets: {}, jobs: coreJobs, log: silentLogger });
}

/** A core whose configuration has these workflows (and an assignment rule for tier 1), no SLA policies. */
export const start = (workflows: unknown[]) =>
  startWith({ ...slaConfigInput, slaPolicies: [], assignmentRules: [{ id: "tier1-turns", team: "tier1", auto: false }], workflows });

export const hour = 3_600_000;
export const ticket = (over: Parameters<typeof createTicket>[1] = { subject: "Printer on fire" }) =>
  createTicket(t.deps, { requester: { email: "carol@customer.test" }, teamId: "tier1", ...over }, as.bob).then((v) => v.id);
export const row = (id: number) => t.prisma.ticket.findUniqueOrThrow({ where: { id } });
export const runs = (workflow?: string) =>
  t.prisma.workflowRun.findMany({ where: workflow ? { workflow } : {}, orderBy: { createdAt: "asc" } }).then((rs) =>
    rs.map((r) => ({
      workflow: r.workflow,
      trigger: r.trigger,
      outcome: r.outcome,
      detail: JSON.parse(r.detail) as Record<string, unknown>,
    })),
  );
export const events = (ticketId: number, type: string) =>
  t.prisma.timelineEvent.findMany({ where: { ticketId, type } }).then((es) => es.map((e) => JSON.parse(e.data) as Record<string, unknown>));
export const outbox = (topic: string) =>
  t.prisma.outbox.findMany({ where: { topic } }).then((rs) => rs.map((r) => ({ target: r.target, ...JSON.parse(r.payload) })));
