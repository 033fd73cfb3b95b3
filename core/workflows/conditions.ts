// A workflow's conditions on the ticket as it is now: checked when the trigger comes, and again
// when a delayed step or a time trigger runs (a ticket claimed within 24 h is not escalated).
import type { Selectable } from "kysely";
import type { Catalog } from "../config.js";
import type { DB } from "../db.js";
import { parseJsonObject } from "../json.js";
import { slaSetup } from "../sla/policies.js";
import type { WorkflowConditions } from "./workflow-config.js";

export type WorkflowTicket = Selectable<DB["Ticket"]>;

/** Why the conditions do not hold (the first that fails), or null when they all do. */
export function failedCondition(c: WorkflowConditions, t: WorkflowTicket, catalog: Catalog, now: Date): string | null {
  if (c.pipelines && !c.pipelines.includes(t.pipelineId)) return "pipeline";
  if (c.statuses && !c.statuses.includes(t.statusId)) return "status";
  if (c.priorities && !(c.priorities as string[]).includes(t.priority)) return "priority";
  if (c.teams && !c.teams.includes(t.teamId)) return "team";
  if (c.sources && !(c.sources as readonly string[]).includes(t.source)) return "source";
  if (c.owner === "set" && t.ownerId === null) return "owner";
  if (c.owner === "unset" && t.ownerId !== null) return "owner";
  if (c.properties) {
    const props = parseJsonObject(t.properties);
    for (const [name, want] of Object.entries(c.properties)) if ((props[name] ?? null) !== want) return `property ${name}`;
  }
  if (c.withinBusinessHours !== undefined) {
    const team = catalog.config.teams.find((x) => x.id === t.teamId);
    const calendar = team?.calendar ?? catalog.config.businessHours ?? null;
    if (slaSetup(catalog).workingTime(calendar).isOpen(now) !== c.withinBusinessHours) return "business hours";
  }
  return null;
}

/** A ticket no workflow acts on: deleted, merged into another, or filed apart (an auto-reply nobody took up). */
export const outOfReach = (t: WorkflowTicket) => t.deletedAt !== null || t.mergedIntoId !== null || t.quarantined;
