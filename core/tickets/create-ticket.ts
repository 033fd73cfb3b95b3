import { assertAssignable, canSeeTeam, requireAgent } from "../access.js";
import type { Actor, CoreDeps } from "../deps.js";
import { withTx } from "../deps.js";
import { invalid } from "../errors.js";
import { findOrCreateContact } from "../contacts/find-or-create-contact.js";
import { insertTicket } from "./insert-ticket.js";
import { validateProperties } from "./properties.js";
import { readTicketView, type Priority, type TicketSource, type TicketView } from "./view.js";

export interface CreateTicketInput {
  subject: string;
  /** The first message: the request as the agent recorded it. */
  text?: string | undefined;
  requester?: { email: string; name?: string | undefined } | undefined;
  pipelineId?: string | undefined;
  statusId?: string | undefined;
  priority?: Priority | undefined;
  teamId?: string | null | undefined;
  ownerId?: string | null | undefined;
  properties?: Record<string, unknown> | undefined;
  /** Where the agent created it from; "manual" unless a chat message became the ticket. */
  source?: TicketSource | undefined;
}

/** An agent opens a ticket by hand (or from a chat message). */
export async function createTicket(deps: CoreDeps, input: CreateTicketInput, actor: Actor): Promise<TicketView> {
  const subject = input.subject.trim();
  if (!subject) throw invalid("A ticket needs a subject.", { subject: "Required." });
  const at = deps.now();
  return withTx(deps, async (tx) => {
    const agent = await requireAgent(tx, actor);
    const teamId = input.teamId ?? null;
    if (teamId !== null) {
      if (!(await tx.team.findUnique({ where: { id: teamId } }))) throw invalid(`There is no team "${teamId}".`, { team: "Unknown team." });
      if (!canSeeTeam(agent, teamId)) throw invalid(`You are not in team ${teamId}.`, { team: "Not your team." });
    }
    if (input.ownerId) await assertAssignable(tx, input.ownerId, teamId);
    const contact = input.requester ? await findOrCreateContact(tx, input.requester) : null;
    const properties = validateProperties(deps.catalog, input.properties ?? {});
    const text = input.text?.trim();
    const { ticketId } = await insertTicket(tx, deps.catalog, at, { type: "agent", agent }, {
      subject,
      source: input.source ?? "manual",
      pipelineId: input.pipelineId,
      statusId: input.statusId,
      priority: input.priority,
      teamId,
      ownerId: input.ownerId ?? null,
      contactId: contact?.id ?? null,
      companyId: contact?.companyId ?? null,
      properties: Object.fromEntries(Object.entries(properties).filter(([, v]) => v !== null)),
      message: text ? { kind: "INBOUND", text, channel: input.source ?? "manual", authorAgentId: agent.id } : undefined,
    });
    return readTicketView(tx, deps.catalog, ticketId);
  });
}
