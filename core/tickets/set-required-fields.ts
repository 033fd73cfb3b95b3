import { assertAssignable, canSeeTeam, loadAgent, type TicketAction, type TicketRow } from "../access.js";
import { agentAccounts, type Catalog } from "../config.js";
import { findOrCreateContact } from "../contacts/find-or-create-contact.js";
import type { ChatSurface } from "../outbox/delivery.js";
import { invalid } from "../errors.js";
import type { LocalizedName } from "../i18n/format.js";
import { msg } from "../i18n/translate.js";
import { notifyAgents, type OutboxItem } from "../outbox/enqueue.js";
import { change, recordEvent } from "../timeline.js";
import { makeRequester } from "./link-contact.js";
import { endQuarantine } from "./quarantine.js";

/**
 * The ticket's own fields a status may require (`owner`, `team`, `contact`; see
 * `builtInRequirable` in config.ts), given with a status change so the ticket can enter it in
 * one action. A value equal to the ticket's current one is left alone.
 */
export interface RequiredFieldsInput {
  /** The agent to own the ticket. */
  ownerId?: string | undefined;
  /** The team to restrict the ticket to. */
  teamId?: string | undefined;
  /** The requester, by email; an unknown address becomes a contact. */
  requester?: { email: string; name?: string | undefined } | undefined;
}

/**
 * Sets the given fields inside the caller's transaction (the ticket's row lock held, see
 * `actOnLockedTicket`), by the rules and with the timeline events of their own use cases: a team
 * only one the actor is in and the owner can see (update-properties.ts), an owner who can see the
 * ticket's team (assign-ticket.ts), a requester who replaces the old one, kept as a cc
 * (link-contact.ts). Returns the ticket as it now is and the outbox rows to add (the new owner's
 * notification); the caller announces the card change once for the whole action.
 */
export async function setRequiredFields(
  a: TicketAction,
  input: RequiredFieldsInput,
  catalog: Catalog,
): Promise<{ ticket: TicketRow; outbox: OutboxItem[] }> {
  const { tx, at, agent, party, ticket } = a;
  const teamId = input.teamId ?? ticket.teamId;
  const ownerId = input.ownerId ?? ticket.ownerId;
  const outbox: OutboxItem[] = [];

  if (teamId !== ticket.teamId && teamId !== null) {
    const team = await tx.selectFrom("Team").select("name").where("id", "=", teamId).executeTakeFirst();
    if (!team) throw invalid(msg("errors.teamUnknown", { team: teamId }), { team: msg("fields.unknownTeam") });
    const teamNames = namesOfTeam(catalog, teamId, team.name);
    if (!canSeeTeam(agent, teamId)) throw invalid(msg("errors.notInTeam", { team: teamNames }), { team: msg("fields.notYourTeam") });
    // The owner the ticket will have must be able to see it in its new team.
    if (ownerId !== null && ownerId === ticket.ownerId) {
      const owner = await loadAgent(tx, ownerId);
      if (!owner || !canSeeTeam(owner, teamId)) {
        const name =
          owner?.name ?? (await tx.selectFrom("Agent").select("name").where("id", "=", ownerId).executeTakeFirst())?.name ?? ownerId;
        throw invalid(msg("errors.ownerNotInTeam", { owner: name, id: ticket.id, team: teamNames }), {
          team: msg("fields.ownerNotInTeam", { owner: name }),
        });
      }
    }
    await tx.updateTable("Ticket").set({ teamId, updatedAt: at }).where("id", "=", ticket.id).execute();
    await recordEvent(tx, at, ticket.id, party, "ticket.properties_updated", { team: change(ticket.teamId, teamId) });
  }

  if (ownerId !== ticket.ownerId && ownerId !== null) {
    await assertAssignable(tx, ownerId, teamId);
    // Giving it to someone takes a ticket filed apart into the normal flow (as assign-ticket.ts),
    // whatever status it is moved to: the new owner is told, so the card must exist.
    await endQuarantine(tx, at, party, ticket);
    await tx.updateTable("Ticket").set({ ownerId, updatedAt: at }).where("id", "=", ticket.id).execute();
    await recordEvent(tx, at, ticket.id, party, "ticket.assigned", { owner: change(ticket.ownerId, ownerId) });
    if (ownerId !== agent.id) outbox.push(...notifyAgents(ticket.id, [ownerId], "assigned"));
  }

  if (input.requester) {
    const contact = await findOrCreateContact(tx, { email: input.requester.email, name: input.requester.name ?? null }, at);
    if (contact.id !== ticket.contactId) {
      await makeRequester(tx, ticket, contact);
      await recordEvent(tx, at, ticket.id, party, "contact.linked", {
        contactId: contact.id,
        email: contact.email,
        role: "requester",
        requester: change(ticket.contactId, contact.id),
      });
    }
  }

  const now = await tx.selectFrom("Ticket").selectAll().where("id", "=", ticket.id).executeTakeFirstOrThrow();
  return { ticket: now, outbox };
}

/**
 * A team's names for a refusal: the configured names by language, with the name the database
 * has as the English one (the name the refusal gave before it had languages).
 */
export function namesOfTeam(catalog: Catalog, teamId: string, name: string): LocalizedName {
  return { ...catalog.config.teams.find((t) => t.id === teamId)?.names, en: name };
}

/**
 * The part of setRequiredFields' rules the configuration alone can answer, with no database: the
 * team exists and the submitting agent is in it (or an admin), and the owner can see the ticket's
 * team (the chosen one, else `currentTeamId`). For a surface that must show a wrong pick on its
 * field in its first answer (Slack's modal ack). The submitter is named by their chat account;
 * agents the configuration does not list (provisioned from a platform group) are left to
 * setRequiredFields, which checks everything again.
 */
export function precheckRequiredFields(
  catalog: Catalog,
  submitter: { surface: ChatSurface; userId: string },
  input: Pick<RequiredFieldsInput, "teamId" | "ownerId">,
  currentTeamId: string | null | undefined,
): void {
  const { teams, agents } = catalog.config;
  const asAgent = (a: (typeof agents)[number]) => ({ id: a.id, name: a.name, role: a.role, teamIds: a.teams });
  const { teamId, ownerId } = input;
  if (teamId) {
    const team = teams.find((t) => t.id === teamId);
    if (!team) throw invalid(msg("errors.teamUnknown", { team: teamId }), { team: msg("fields.unknownTeam") });
    const me = agents.find((a) => agentAccounts(a).get(submitter.surface) === submitter.userId);
    if (me && !canSeeTeam(asAgent(me), teamId))
      throw invalid(msg("errors.notInTeam", { team: team.names }), { team: msg("fields.notYourTeam") });
  }
  if (ownerId) {
    const owner = agents.find((a) => a.id === ownerId);
    const team = teamId ?? currentTeamId;
    if (owner && team !== undefined && !canSeeTeam(asAgent(owner), team)) {
      const names = teams.find((t) => t.id === team)?.names ?? String(team);
      throw invalid(msg("errors.ownerCannotOwn", { owner: owner.name, team: names }), {
        owner: msg("fields.agentNotInTeam", { owner: owner.name, team: names }),
      });
    }
  }
}
