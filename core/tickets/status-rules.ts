import type { Catalog, StatusDefinition } from "../config.js";
import { resolutionColumns, type KpiTicket } from "../kpis/kpi-times.js";
import { invalid } from "../errors.js";
import type { LocalizedName } from "../i18n/format.js";
import { msg } from "../i18n/translate.js";

/** The fields of a ticket that decide whether a status's required properties are filled. */
export interface RequirementState {
  ownerId: string | null;
  teamId: string | null;
  contactId: string | null;
  properties: Record<string, unknown>;
}

export function findStatus(catalog: Catalog, pipelineId: string, statusId: string): StatusDefinition {
  const pipeline = catalog.pipeline(pipelineId);
  if (!pipeline) throw invalid(msg("errors.pipelineUnknown", { pipeline: pipelineId }), { pipeline: msg("fields.unknownPipeline") });
  const status = pipeline.statuses.find((s) => s.id === statusId);
  if (!status) {
    const names = pipeline.statuses.map((s) => s.id);
    throw invalid(msg("errors.statusUnknown", { pipeline: pipeline.names, status: statusId, names }), {
      status: msg("fields.unknownStatus"),
    });
  }
  return status;
}

export function missingRequirements(catalog: Catalog, status: StatusDefinition, state: RequirementState): string[] {
  return status.requiredProperties.filter((name) => {
    switch (name) {
      case "owner":
        return state.ownerId === null;
      case "team":
        return state.teamId === null;
      case "contact":
        return state.contactId === null;
      default: {
        const v = state.properties[name];
        return v === undefined || v === null || v === "";
      }
    }
  });
}

/** Refuses entry to a status whose required properties are not all filled, naming them. */
export function assertCanEnter(catalog: Catalog, status: StatusDefinition, state: RequirementState): void {
  const missing = missingRequirements(catalog, status, state);
  if (missing.length === 0) return;
  const label = (n: string) => requirementLabels(catalog, n);
  const fields = Object.fromEntries(missing.map((n) => [n, msg("fields.requiredForStatus", { property: label(n), status: status.names })]));
  throw invalid(msg("errors.statusNeedsFields", { status: status.names, names: missing.map(label) }), fields);
}

/** A field a status may require, by name: a custom property's labels, else the built-in field's id (owner, team, contact). */
export function requirementLabels(catalog: Catalog, name: string): LocalizedName | string {
  return catalog.property(name)?.labels ?? name;
}

/**
 * The columns that follow from entering a status: a closed status resolves the ticket (keeping an
 * earlier resolution time), an open one clears it. The resolution's seconds (core/kpis) are worked
 * out when the ticket is resolved, for the ticket as it is then (`current`: its pipeline, team,
 * priority and source), and stay as they are while it stays resolved, whatever it is moved or set
 * to; reopening clears them.
 */
export function statusColumns(catalog: Catalog, status: StatusDefinition, at: Date, current: StatusTicket) {
  const closed = status.category === "CLOSED";
  const resolvedAt = closed ? (current.resolvedAt ?? at) : null;
  const kept = closed && "resolutionSec" in current && current.resolvedAt !== null;
  return {
    statusId: status.id,
    open: !closed,
    closedAt: closed ? at : null,
    resolvedAt,
    ...(kept
      ? { resolutionSec: current.resolutionSec, resolutionBizSec: current.resolutionBizSec }
      : resolutionColumns(catalog, current, resolvedAt)),
  };
}

/** The ticket a status is entered on: a new one (never resolved), or a stored one with its resolution's seconds. */
export type StatusTicket = KpiTicket &
  ({ resolvedAt: null } | { resolvedAt: Date | null; resolutionSec: number | null; resolutionBizSec: number | null });
