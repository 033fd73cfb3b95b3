// What a workflow's email to agents says: its text (as the workflow wrote it, its fields filled)
// with the ticket's number and subject, and how to open it, all in each agent's language.
// The email adapter only addresses and sends it.
import type { CoreDeps } from "../deps.js";
import type { LocalizedName } from "../i18n/format.js";
import { readerFormats } from "../i18n/reader.js";
import { msg, render } from "../i18n/translate.js";
import type { SlaAlertEmail, SlaAlertTicket } from "../sla/alert-email.js";

/** One per agent with an address; null when the ticket is gone. */
export async function workflowEmails(
  deps: Pick<CoreDeps, "db" | "catalog">,
  row: { ticketId: number; agentIds: string[]; text: LocalizedName | string },
): Promise<{ ticket: SlaAlertTicket; emails: SlaAlertEmail[] } | null> {
  const ticket = await deps.db
    .selectFrom("Ticket")
    .select(["id", "subject", "teamId", "pipelineId"])
    .where("id", "=", row.ticketId)
    .executeTakeFirst();
  if (!ticket) return null;
  const agents = row.agentIds.length
    ? await deps.db.selectFrom("Agent").select(["id", "name", "email"]).where("id", "in", row.agentIds).where("active", "=", true).execute()
    : [];
  const number = `#${ticket.id}`;
  const emails = agents.flatMap((a) => {
    if (!a.email) return [];
    const f = readerFormats(deps.catalog, { agentId: a.id });
    return [
      {
        agentId: a.id,
        to: { name: a.name, address: a.email },
        subject: render(msg("email.workflowSubject", { ticket: number, subject: ticket.subject }), f),
        text: render(msg("email.workflowText", { ticket: number, text: f.name(row.text) }), f),
      },
    ];
  });
  return { ticket, emails };
}
