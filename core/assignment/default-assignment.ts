// Default assignment: a ticket that enters a team or pipeline an `auto` rule covers (created in
// it, moved to it) with no owner is given one by that rule, in the transaction of the change.
// Every use case through which a ticket enters a team or pipeline calls `assignOnEntry` once,
// after its own change and outbox rows: insertTicket (every new ticket, whatever its source:
// created by an agent, from email or a form, split off), moveTicket (pipeline),
// updateProperties and changeStatus (team).
import type { Catalog } from "../config.js";
import type { Tx } from "../db.js";
import type { CoreDeps } from "../deps.js";
import type { AssignmentRule } from "./assignment-config.js";
import { assignByRule, type AssignmentOutcome } from "./assign-by-rule.js";

/** What the ticket entered with the change: its team, its pipeline, or both (a new ticket). */
export interface Entered {
  team?: boolean;
  pipeline?: boolean;
}

/**
 * The first `auto` rule (in the configuration's order) that owns what the ticket entered: a rule
 * of its new team, or one listing its new pipeline.
 */
export function autoRuleFor(
  catalog: Catalog,
  ticket: { teamId: string | null; pipelineId: string },
  entered: Entered,
): AssignmentRule | undefined {
  return catalog.config.assignmentRules.find(
    (r) =>
      r.auto &&
      ((entered.team === true && ticket.teamId !== null && r.team === ticket.teamId) ||
        (entered.pipeline === true && (r.pipelines ?? []).includes(ticket.pipelineId))),
  );
}

/**
 * Assigns the ticket by the `auto` rule covering what it entered, when it has no owner and is
 * open, not deleted, not merged and not filed apart (a bounce is nobody's work). Null when no
 * rule applies; else what the rule did (see assignByRule).
 */
export async function assignOnEntry(
  tx: Tx,
  deps: Pick<CoreDeps, "catalog">,
  at: Date,
  ticketId: number,
  entered: Entered,
): Promise<AssignmentOutcome | null> {
  if (!deps.catalog.config.assignmentRules.some((r) => r.auto)) return null;
  const t = await tx
    .selectFrom("Ticket")
    .select(["teamId", "pipelineId", "ownerId", "open", "deletedAt", "mergedIntoId", "quarantined"])
    .where("id", "=", ticketId)
    .executeTakeFirst();
  if (!t || t.ownerId !== null || !t.open || t.deletedAt !== null || t.mergedIntoId !== null || t.quarantined) return null;
  const rule = autoRuleFor(deps.catalog, t, entered);
  return rule ? assignByRule(tx, deps, rule.id, ticketId, at) : null;
}
