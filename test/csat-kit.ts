// Satisfaction surveys in tests: a core with a survey configuration (and workflows), resolved
// tickets from an email or a chat requester, and a survey sent for one as the workflow action does.
import { withTx } from "../core/deps.js";
import { sendSurvey, type SendSurveyResult } from "../core/csat/send-survey.js";
import { buildCatalog } from "../core/config.js";
import { createTicket, type CreateTicketInput } from "../core/tickets/create-ticket.js";
import { changeStatus } from "../core/tickets/change-status.js";
import { as, testConfigInput, testCore, type TestCore } from "./harness.js";

export async function csatCore(over: { csat?: unknown; workflows?: unknown[]; surveysByEmail?: boolean } = {}): Promise<TestCore> {
  const t = await testCore({ ...testConfigInput, ...(over.csat ? { csat: over.csat } : {}), workflows: over.workflows ?? [] });
  if (over.surveysByEmail === false) t.deps.catalog = buildCatalog(t.deps.catalog.config, { surveysByEmail: false });
  return t;
}

/** A ticket from `requester` (carol by email unless said), closed by Bob. */
export async function closedTicket(t: TestCore, over: Partial<CreateTicketInput> = {}): Promise<number> {
  const v = await createTicket(
    t.deps,
    {
      subject: "Printer on fire",
      text: "It is on fire.",
      requester: { email: "carol@customer.test", name: "Carol" },
      teamId: "tier1",
      ...over,
    },
    as.bob,
  );
  await changeStatus(t.deps, { ticketId: v.id, statusId: "closed" }, as.bob);
  return v.id;
}

export const survey = (t: TestCore, ticketId: number): Promise<SendSurveyResult> =>
  withTx(t.deps, (tx) => sendSurvey(tx, t.deps, ticketId));

/** The survey id of a survey that was sent. */
export async function sentSurvey(t: TestCore, ticketId: number): Promise<string> {
  const r = await survey(t, ticketId);
  if (!r.sent) throw new Error(`no survey for #${ticketId}: ${r.reason}`);
  return r.surveyId;
}

export const outboxRows = (t: TestCore, topic: string) =>
  t.prisma.outbox
    .findMany({ where: { topic }, orderBy: { id: "asc" } })
    .then((rs) => rs.map((r) => ({ target: r.target, ticketId: r.ticketId, payload: JSON.parse(r.payload) as Record<string, unknown> })));

export const timeline = (t: TestCore, ticketId: number, type: string) =>
  t.prisma.timelineEvent
    .findMany({ where: { ticketId, type }, orderBy: { id: "asc" } })
    .then((es) => es.map((e) => ({ actorType: e.actorType, actorId: e.actorId, data: JSON.parse(e.data) as Record<string, unknown> })));

export const day = 24 * 60 * 60 * 1000;
