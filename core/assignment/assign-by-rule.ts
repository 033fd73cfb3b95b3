// A ticket given an owner by an assignment rule, inside the caller's transaction: round-robin or
// least open over the rule's pool, passing over whoever is away, inactive or at capacity. The
// rule's cursor row is locked first, so on PostgreSQL assignments by one rule queue up and each
// sees the one before it: two tickets created at once go to two different agents.
import { lockTicket, type ActingParty } from "../access.js";
import type { Tx } from "../db.js";
import type { CoreDeps } from "../deps.js";
import { invalid } from "../errors.js";
import { deskFormats } from "../i18n/reader.js";
import { msg, render } from "../i18n/translate.js";
import { cardQueued } from "../jobs/work-signal.js";
import { enqueue, messagePosted, notifyAgents, ticketChanged } from "../outbox/enqueue.js";
import { change, recordEvent } from "../timeline.js";
import { insertMessage } from "../tickets/insert-ticket.js";
import { endQuarantine } from "../tickets/quarantine.js";
import type { AssignmentRule } from "./assignment-config.js";
import { leastOpen, nextInTurn, rulePool, type PassedOver } from "./pool.js";

/** Why a rule gave the ticket to nobody. */
export type NobodyReason = "outside_business_hours" | "nobody_available";

export type AssignmentOutcome =
  { assigned: true; rule: string; owner: { id: string; name: string } } | { assigned: false; rule: string; reason: NobodyReason };

/** The rule the configuration declares under `ruleId`. */
export function assignmentRule(deps: Pick<CoreDeps, "catalog">, ruleId: string): AssignmentRule {
  const rule = deps.catalog.config.assignmentRules.find((r) => r.id === ruleId);
  if (!rule) throw invalid(msg("assignment.unknownRule", { rule: ruleId }));
  return rule;
}

const system: ActingParty = { type: "system" };

/**
 * Gives the ticket to the agent the rule picks: its owner, a "ticket.assigned" event naming the
 * rule (the assign use case's event, with `rule`), the card brought up to date and the new owner
 * told. When nobody is available, the ticket is left as it is, an "assignment.nobody_available"
 * event says why, and the ticket's thread (its card sits in the team's channel) is told, in the
 * help desk's language. Takes the ticket's row lock, then the rule's; a caller that locked the
 * ticket already keeps that order.
 */
export async function assignByRule(
  tx: Tx,
  deps: Pick<CoreDeps, "catalog">,
  ruleId: string,
  ticketId: number,
  at: Date,
): Promise<AssignmentOutcome> {
  const rule = assignmentRule(deps, ruleId);
  await lockTicket(tx, ticketId, at);
  const ticket = await tx.selectFrom("Ticket").selectAll().where("id", "=", ticketId).executeTakeFirstOrThrow();
  const lastAgentId = await takeTurnLock(tx, rule.id, at);
  const pool = await rulePool(tx, deps.catalog, rule, ticket.teamId, at);
  const chosen = pool.closed ? null : rule.method === "least_open" ? leastOpen(pool.agents) : nextInTurn(pool.agents, lastAgentId);

  if (!chosen) {
    const reason: NobodyReason = pool.closed ? "outside_business_hours" : "nobody_available";
    const passedOver = Object.fromEntries(pool.agents.flatMap((a) => (a.passedOver ? [[a.id, a.passedOver]] : []))) as Record<
      string,
      PassedOver
    >;
    await recordEvent(tx, at, ticket.id, system, "assignment.nobody_available", { rule: rule.id, reason, passedOver });
    const text = render(
      reason === "outside_business_hours"
        ? msg("assignment.nobodyOutsideHours", { id: ticket.id, rule: rule.id })
        : msg("assignment.nobodyAvailable", { id: ticket.id, rule: rule.id }),
      deskFormats(deps.catalog),
    );
    const note = await insertMessage(tx, at, ticket.id, { kind: "SYSTEM", text, channel: "system" });
    await enqueue(tx, at, messagePosted(ticket.id, note.id));
    return { assigned: false, rule: rule.id, reason };
  }

  await tx.updateTable("AssignmentCursor").set({ lastAgentId: chosen.id, updatedAt: at }).where("rule", "=", rule.id).execute();
  if (chosen.id === ticket.ownerId) return { assigned: true, rule: rule.id, owner: { id: chosen.id, name: chosen.name } };
  // Giving it to someone takes a ticket filed apart into the normal flow (as assign-ticket.ts).
  await endQuarantine(tx, at, system, ticket);
  await tx.updateTable("Ticket").set({ ownerId: chosen.id, updatedAt: at }).where("id", "=", ticket.id).execute();
  await recordEvent(tx, at, ticket.id, system, "ticket.assigned", { owner: change(ticket.ownerId, chosen.id), rule: rule.id });
  // A card row already queued in this transaction (the ticket was just created or changed) shows the owner too.
  const card = cardQueued(tx, ticket.id) ? [] : [ticketChanged(ticket.id, "owner")];
  await enqueue(tx, at, ...card, ...notifyAgents(ticket.id, [chosen.id], "assigned"));
  return { assigned: true, rule: rule.id, owner: { id: chosen.id, name: chosen.name } };
}

/**
 * The rule's turn: its cursor row, made if missing, then locked by an update that returns the
 * last agent given a ticket. On PostgreSQL a second assignment by the rule waits here until the
 * first commits, and then reads what it wrote (READ COMMITTED re-reads the row it waited for).
 * SQLite has one writer at a time.
 */
async function takeTurnLock(tx: Tx, rule: string, at: Date): Promise<string | null> {
  await tx
    .insertInto("AssignmentCursor")
    .values({ rule, lastAgentId: null, updatedAt: at })
    .onConflict((oc) => oc.column("rule").doNothing())
    .execute();
  const row = await tx
    .updateTable("AssignmentCursor")
    .set({ updatedAt: at })
    .where("rule", "=", rule)
    .returning("lastAgentId")
    .executeTakeFirstOrThrow();
  return row.lastAgentId;
}
