// The SLA side of the configuration, compiled once per catalog: the policies in order, and each
// calendar's working time.
import type { Catalog } from "../config.js";
import { alwaysOpen, businessHours, type WorkingTime } from "./calendar.js";
import type { SlaPolicyDefinition } from "./sla-config.js";

export interface SlaSetup {
  policies: readonly SlaPolicyDefinition[];
  /** The first policy covering the ticket, or null. */
  policyFor(t: { pipelineId: string; priority: string; teamId: string | null; source: string }): SlaPolicyDefinition | null;
  /** The calendar a policy counts for a ticket of `teamId` (null: calendar time). */
  calendarFor(p: SlaPolicyDefinition, teamId: string | null): string | null;
  workingTime(calendarId: string | null): WorkingTime;
}

const compiled = new WeakMap<Catalog, SlaSetup>();

export function slaSetup(catalog: Catalog): SlaSetup {
  let setup = compiled.get(catalog);
  if (!setup) {
    setup = compile(catalog);
    compiled.set(catalog, setup);
  }
  return setup;
}

function compile(catalog: Catalog): SlaSetup {
  const { config } = catalog;
  const teamCalendars = new Map(config.teams.map((t) => [t.id, t.calendar]));
  const calendars = new Map(config.calendars.map((c) => [c.id, c]));
  const hours = new Map<string, WorkingTime>();
  const covers = (list: readonly string[] | undefined, value: string | null) => !list || (value !== null && list.includes(value));
  return {
    policies: config.slaPolicies,
    policyFor: (t) =>
      config.slaPolicies.find(
        (p) =>
          covers(p.match.pipelines, t.pipelineId) &&
          covers(p.match.priorities, t.priority) &&
          covers(p.match.teams, t.teamId) &&
          covers(p.match.sources, t.source),
      ) ?? null,
    calendarFor: (p, teamId) => {
      if (p.hours === "calendar") return null;
      return (teamId !== null ? teamCalendars.get(teamId) : undefined) ?? config.businessHours ?? null;
    },
    workingTime: (id) => {
      if (id === null) return alwaysOpen;
      let wt = hours.get(id);
      if (!wt) {
        const def = calendars.get(id);
        // A calendar removed from the config since a clock was set: count calendar time.
        if (!def) return alwaysOpen;
        wt = businessHours(def);
        hours.set(id, wt);
      }
      return wt;
    },
  };
}
