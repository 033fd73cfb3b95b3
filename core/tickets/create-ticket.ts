import { assertAssignable, canSeeTeam, requireAgent } from "../access.js";
import type { Actor, CoreDeps } from "../deps.js";
import { withTx } from "../deps.js";
import { invalid } from "../errors.js";
import { msg } from "../i18n/translate.js";
import { findOrCreateChatContact, findOrCreateContact } from "../contacts/find-or-create-contact.js";
import type { Tx } from "../db.js";
import { originEventData, originTakenError, recordOrigin, takenOrigin, type TicketOrigin } from "../chat/origin-link.js";
import type { ChatSurface } from "../outbox/delivery.js";
import { insertTicket } from "./insert-ticket.js";
import { validateProperties } from "./properties.js";
import { readTicketView, type Priority, type TicketSource, type TicketView } from "./view.js";

export interface CreateTicketInput {
  subject: string;
  /** The first message: the request as the agent recorded it. */
  text?: string | undefined;
  /** Who asked: by email address, or by their chat account (found or created by that id). */
  requester?: TicketRequester | undefined;
  pipelineId?: string | undefined;
  statusId?: string | undefined;
  priority?: Priority | undefined;
  teamId?: string | null | undefined;
  ownerId?: string | null | undefined;
  properties?: Record<string, unknown> | undefined;
  /** Where the agent created it from; "manual" unless a chat message became the ticket. */
  source?: TicketSource | undefined;
  /**
   * The chat message the ticket was made from. Recorded as the ticket's "origin" chat link in the
   * same transaction, so replies to the requester go back to that conversation; the first
   * message is then the requester's own. The same message cannot become two tickets, nor can two
   * messages of one thread (core/chat/origin-link.ts).
   */
  origin?: TicketOrigin | undefined;
}

export type TicketRequester =
  | { email: string; name?: string | undefined }
  /** A chat account: the platform user id on a surface. */
  | { surface: ChatSurface; userId: string; name?: string | undefined };

async function requesterContact(tx: Tx, r: TicketRequester, at: Date) {
  if ("email" in r) return findOrCreateContact(tx, r, at);
  return findOrCreateChatContact(tx, r, at);
}

/** An agent opens a ticket by hand (or from a chat message). */
export async function createTicket(deps: CoreDeps, input: CreateTicketInput, actor: Actor): Promise<TicketView> {
  const subject = input.subject.trim();
  if (!subject) throw invalid(msg("errors.subjectRequired"), { subject: msg("fields.required") });
  const at = deps.now();
  return withTx(deps, async (tx) => {
    const agent = await requireAgent(tx, actor);
    const teamId = input.teamId ?? null;
    if (teamId !== null) {
      if (!(await tx.selectFrom("Team").select("id").where("id", "=", teamId).executeTakeFirst()))
        throw invalid(msg("errors.teamUnknown", { team: teamId }), { team: msg("fields.unknownTeam") });
      if (!canSeeTeam(agent, teamId)) throw invalid(msg("errors.notInTeam", { team: teamId }), { team: msg("fields.notYourTeam") });
    }
    if (input.ownerId) await assertAssignable(tx, input.ownerId, teamId);
    const origin = input.origin;
    if (origin) {
      if (!origin.channelId.trim() || !origin.messageId.trim()) throw invalid(msg("errors.originIncomplete"));
      const taken = await takenOrigin(tx, origin);
      if (taken) throw originTakenError(taken);
    }
    const contact = input.requester ? await requesterContact(tx, input.requester, at) : null;
    const source = input.source ?? origin?.surface ?? "manual";
    const properties = validateProperties(deps.catalog, input.properties ?? {});
    const text = input.text?.trim();
    const { ticketId } = await insertTicket(
      tx,
      deps.catalog,
      at,
      { type: "agent", agent },
      {
        subject,
        source,
        pipelineId: input.pipelineId,
        statusId: input.statusId,
        priority: input.priority,
        teamId,
        ownerId: input.ownerId ?? null,
        contactId: contact?.id ?? null,
        companyId: contact?.companyId ?? null,
        properties: Object.fromEntries(Object.entries(properties).filter(([, v]) => v !== null)),
        // A chat message is the requester's own words; a request typed by an agent is the agent's.
        message: text
          ? {
              kind: "INBOUND",
              text,
              channel: source,
              ...(origin && contact ? { authorContactId: contact.id } : { authorAgentId: agent.id }),
            }
          : undefined,
        eventData: origin ? originEventData(origin) : undefined,
      },
    );
    if (origin) await recordOrigin(tx, ticketId, origin, at);
    return readTicketView(tx, deps.catalog, ticketId);
  });
}
