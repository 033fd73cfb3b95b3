import type { ActingParty, TicketRow } from "../access.js";
import type { Catalog, StatusDefinition } from "../config.js";
import type { Tx } from "../db.js";
import type { CoreDeps } from "../deps.js";
import { invalid } from "../errors.js";
import { msg } from "../i18n/translate.js";
import { parseJsonObject } from "../json.js";
import { change, recordEvent } from "../timeline.js";
import { applyProperties, validateProperties } from "./properties.js";
import {
  assertCanEnter,
  findStatus,
  missingRequirements,
  requirementLabels,
  statusColumns,
  type RequirementState,
} from "./status-rules.js";

/** The ticket columns a status change writes; spread them into the caller's own update. */
export interface StatusChangeData {
  statusId: string;
  open: boolean;
  closedAt: Date | null;
  resolvedAt: Date | null;
  resolutionSec: number | null;
  resolutionBizSec: number | null;
  /** Present only when properties given with the change altered the stored ones. */
  properties?: string;
}

export interface StatusChange {
  /** The status entered. */
  status: StatusDefinition;
  data: StatusChangeData;
}

/**
 * Moves a loaded ticket to `statusId` of its pipeline, inside the caller's transaction.
 *
 * `properties` (optional, `null` clears one) are validated and merged first, so values given in
 * the same action count toward the entered status's required properties. Records the
 * "ticket.status_changed" event and returns the columns to write; it does NOT update the ticket
 * row nor enqueue anything, so a caller (change status, reply) can write these columns together
 * with its own in one update and announce the change its own way.
 *
 * The caller must have taken the ticket's row lock before reading `ticket`
 * (`lockTicket` in access.ts), or the event's "before"
 * values may be stale under PostgreSQL.
 *
 * @returns null when the ticket is already in that status: nothing is written and `properties`
 *   are ignored (changeStatus refuses that case; a reply just keeps its status).
 * @throws invalid for an unknown status, bad property values, or required properties missing.
 */
export async function applyStatusChange(
  tx: Tx,
  deps: Pick<CoreDeps, "catalog">,
  party: ActingParty,
  ticket: TicketRow,
  statusId: string,
  properties: Record<string, unknown> | undefined,
  at: Date,
): Promise<StatusChange | null> {
  const status = findStatus(deps.catalog, ticket.pipelineId, statusId);
  if (status.id === ticket.statusId) return null;
  const current = parseJsonObject(ticket.properties);
  const next = applyProperties(current, validateProperties(deps.catalog, properties ?? {}));
  assertCanEnter(deps.catalog, status, { ownerId: ticket.ownerId, teamId: ticket.teamId, contactId: ticket.contactId, properties: next });
  const props = propertyChanges(current, next);
  await recordEvent(tx, at, ticket.id, party, "ticket.status_changed", {
    status: change(ticket.statusId, status.id),
    ...(props ? { properties: props } : {}),
  });
  return {
    status,
    data: { ...statusColumns(deps.catalog, status, at, ticket), ...(props ? { properties: JSON.stringify(next) } : {}) },
  };
}

/**
 * The custom properties that differ between two property maps, as one before/after pair holding
 * only those names (absent = null), or null when none differ. Timeline events use this shape.
 */
export function propertyChanges(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): { before: Record<string, unknown>; after: Record<string, unknown> } | null {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
    (n) => JSON.stringify(before[n] ?? null) !== JSON.stringify(after[n] ?? null),
  );
  if (names.length === 0) return null;
  const pick = (m: Record<string, unknown>) => Object.fromEntries(names.map((n) => [n, m[n] ?? null]));
  return change(pick(before), pick(after));
}

/**
 * Refuses an edit that would empty something the ticket's current status requires (e.g.
 * unassigning an Escalated ticket, clearing Resolution on a Resolved one). Only requirements the
 * edit itself breaks count: a ticket that already lacked one (the config changed since it entered
 * the status) can still be edited.
 */
export function assertKeepsStatusRequirements(catalog: Catalog, ticket: TicketRow, next: Partial<RequirementState>): void {
  const status = catalog.status(ticket.pipelineId, ticket.statusId);
  if (!status) return;
  const now: RequirementState = {
    ownerId: ticket.ownerId,
    teamId: ticket.teamId,
    contactId: ticket.contactId,
    properties: parseJsonObject(ticket.properties),
  };
  const before = new Set(missingRequirements(catalog, status, now));
  const broken = missingRequirements(catalog, status, { ...now, ...next }).filter((n) => !before.has(n));
  if (broken.length === 0) return;
  const label = (n: string) => requirementLabels(catalog, n);
  const fields = Object.fromEntries(broken.map((n) => [n, msg("fields.statusRequires", { status: status.names, property: label(n) })]));
  throw invalid(msg("errors.statusRequiresFields", { id: ticket.id, status: status.names, names: broken.map(label) }), fields);
}
