// What an emailed SLA alert says and to whom: each agent told of it with an address, in their own
// language and time zone. The email adapter only addresses and sends it.
import type { CoreDeps } from "../deps.js";
import type { SlaMetric } from "../outbox/enqueue.js";
import { readerFormats } from "../i18n/reader.js";
import { msg, render } from "../i18n/translate.js";

export interface SlaAlertEmail {
  agentId: string;
  to: { name: string; address: string };
  subject: string;
  text: string;
}

export interface SlaAlertTicket {
  id: number;
  subject: string;
  teamId: string | null;
  pipelineId: string;
}

/** The emails of an alert, one per agent with an address (others are told in chat only); null when the ticket is gone. */
export async function slaAlertEmails(
  deps: Pick<CoreDeps, "db" | "catalog">,
  alert: { ticketId: number; agentIds: string[]; metric: SlaMetric; kind: "warning" | "breach"; dueAt: string },
): Promise<{ ticket: SlaAlertTicket; emails: SlaAlertEmail[] } | null> {
  const ticket = await deps.db
    .selectFrom("Ticket")
    .select(["id", "subject", "teamId", "pipelineId"])
    .where("id", "=", alert.ticketId)
    .executeTakeFirst();
  if (!ticket) return null;
  const agents = alert.agentIds.length
    ? await deps.db
        .selectFrom("Agent")
        .select(["id", "name", "email"])
        .where("id", "in", alert.agentIds)
        .where("active", "=", true)
        .execute()
    : [];
  const due = new Date(alert.dueAt);
  const number = `#${ticket.id}`;
  const emails = agents.flatMap((a) => {
    if (!a.email) return [];
    const f = readerFormats(deps.catalog, { agentId: a.id });
    const p = { ticket: number, target: render(msg(`sla.${alert.metric}`), f), subject: ticket.subject, due };
    const warning = alert.kind === "warning";
    return [
      {
        agentId: a.id,
        to: { name: a.name, address: a.email },
        subject: render(msg(warning ? "email.slaWarningSubject" : "email.slaBreachSubject", p), f),
        text: render(msg(warning ? "email.slaWarningText" : "email.slaBreachText", p), f),
      },
    ];
  });
  return { ticket, emails };
}
