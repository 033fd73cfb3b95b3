import { canSeeTeam, loadAgent, type AgentContext, type TicketRow, actOnLockedTicket } from "../access.js";
import type { Updateable } from "kysely";
import { assignOnEntry } from "../assignment/default-assignment.js";
import type { Catalog } from "../config.js";
import type { DB, Tx } from "../db.js";
import type { Actor, CoreDeps } from "../deps.js";
import { invalid } from "../errors.js";
import { msg } from "../i18n/translate.js";
import { parseJsonObject } from "../json.js";
import { enqueue, ticketChanged } from "../outbox/enqueue.js";
import { change, recordEvent } from "../timeline.js";
import { assertKeepsStatusRequirements, propertyChanges } from "./apply-status-change.js";
import { applyProperties, validateProperties } from "./properties.js";
import { namesOfTeam } from "./set-required-fields.js";
import { priorities, readTicketView, type Priority, type TicketView } from "./view.js";

export interface UpdatePropertiesInput {
  ticketId: number;
  subject?: string | undefined;
  priority?: Priority | undefined;
  /** Restrict the ticket to a team, or null to make it visible to every agent. */
  teamId?: string | null | undefined;
  /** Custom property values to set; null clears one. Names not given are left alone. */
  properties?: Record<string, unknown> | undefined;
}

/**
 * An agent edits a ticket's subject, priority, team and custom properties in one action.
 * Only what actually differs is written and recorded; an edit that changes nothing is refused.
 */
export async function updateProperties(deps: CoreDeps, input: UpdatePropertiesInput, actor: Actor): Promise<TicketView> {
  const subject = input.subject?.trim();
  if (subject === "") throw invalid(msg("errors.subjectRequired"), { subject: msg("fields.required") });
  if (input.priority !== undefined && !(priorities as readonly string[]).includes(input.priority)) {
    throw invalid(msg("errors.priorityNotOneOf", { items: priorities }), { priority: msg("fields.unknownPriority") });
  }
  const changes = validateProperties(deps.catalog, input.properties ?? {});
  // Row lock first: racing edits queue up, so each event's "before" values are the real ones.
  return actOnLockedTicket(deps, actor, input.ticketId, async ({ tx, at, agent, party, ticket }) => {
    const data: Updateable<DB["Ticket"]> = {};
    const event: Record<string, unknown> = {};
    if (subject !== undefined && subject !== ticket.subject) {
      data.subject = subject;
      event.subject = change(ticket.subject, subject);
    }
    if (input.priority !== undefined && input.priority !== ticket.priority) {
      data.priority = input.priority;
      event.priority = change(ticket.priority, input.priority);
    }
    const teamId = input.teamId === undefined ? ticket.teamId : input.teamId;
    if (teamId !== ticket.teamId) {
      await assertTeamMove(tx, deps.catalog, agent, ticket, teamId);
      data.teamId = teamId;
      event.team = change(ticket.teamId, teamId);
    }
    const current = parseJsonObject(ticket.properties);
    const next = applyProperties(current, changes);
    const props = propertyChanges(current, next);
    if (props) {
      data.properties = JSON.stringify(next);
      event.properties = props;
    }
    if (Object.keys(event).length === 0) throw invalid(msg("errors.nothingToChange", { id: ticket.id }));
    assertKeepsStatusRequirements(deps.catalog, ticket, { teamId, properties: next });

    await tx
      .updateTable("Ticket")
      .set({ ...data, updatedAt: at })
      .where("id", "=", ticket.id)
      .execute();
    await recordEvent(tx, at, ticket.id, party, "ticket.properties_updated", event);
    await enqueue(tx, at, ticketChanged(ticket.id, "properties"));
    // Unowned and entering a team, it is given an owner by the team's assignment rule, if one assigns on its own.
    if (event.team) await assignOnEntry(tx, deps, at, ticket.id, { team: true });
    return readTicketView(tx, deps.catalog, ticket.id);
  });
}

/**
 * A ticket moves only into a team the actor belongs to (admins: any), and never away from its
 * owner: an owner who could no longer see their own ticket would silently lose it.
 */
async function assertTeamMove(tx: Tx, catalog: Catalog, agent: AgentContext, ticket: TicketRow, teamId: string | null): Promise<void> {
  if (teamId === null) return;
  const team = await tx.selectFrom("Team").select("name").where("id", "=", teamId).executeTakeFirst();
  if (!team) throw invalid(msg("errors.teamUnknown", { team: teamId }), { team: msg("fields.unknownTeam") });
  const teamNames = namesOfTeam(catalog, teamId, team.name);
  if (!canSeeTeam(agent, teamId)) throw invalid(msg("errors.notInTeam", { team: teamNames }), { team: msg("fields.notYourTeam") });
  if (ticket.ownerId === null) return;
  const owner = await loadAgent(tx, ticket.ownerId);
  if (owner && canSeeTeam(owner, teamId)) return;
  // A deactivated owner is still named, so the agent knows whom to reassign from.
  const name =
    owner?.name ??
    (await tx.selectFrom("Agent").select("name").where("id", "=", ticket.ownerId).executeTakeFirst())?.name ??
    ticket.ownerId;
  throw invalid(msg("errors.ownerNotInTeam", { owner: name, id: ticket.id, team: teamNames }), {
    team: msg("fields.ownerNotInTeam", { owner: name }),
  });
}
