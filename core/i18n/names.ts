import type { Catalog, PropertyDefinition } from "../config.js";
import type { TicketView } from "../tickets/view.js";
import type { Formats } from "./format.js";
import { msg, type Msg } from "./translate.js";

/**
 * A ticket's pipeline, status and team by their configured names in the reader's language (the
 * view carries the English). Names the configuration no longer has stay as the view has them.
 */
export function ticketNames(catalog: Catalog, t: Pick<TicketView, "pipeline" | "status" | "team">, f: Formats) {
  const pipeline = catalog.pipeline(t.pipeline.id);
  const status = catalog.status(t.pipeline.id, t.status.id);
  const team = t.team ? catalog.config.teams.find((x) => x.id === t.team!.id) : undefined;
  return {
    pipeline: pipeline ? f.name(pipeline.names) : t.pipeline.name,
    status: status ? f.name(status.names) : t.status.name,
    team: t.team ? (team ? f.name(team.names) : t.team.name) : null,
  };
}

/** A select property's option as the reader reads it: its configured label in their language, else its value. */
export function optionName(p: Pick<PropertyDefinition, "optionLabels">, value: string, f: Formats): string {
  const label = p.optionLabels?.[value];
  return label ? f.name(label) : value;
}

const kinds = { INBOUND: "Inbound", REPLY: "Reply", COMMENT: "Comment", SYSTEM: "System" } as const;

/** What kind of message it is (a Message row's `kind`), as agents read it: customer, reply, note, system. */
export function messageKind(kind: string): Msg {
  return msg(`lists.kind${kinds[kind as keyof typeof kinds] ?? "System"}`);
}
