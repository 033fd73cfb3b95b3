import type { Formats } from "../format.js";

// Workflows as agents read them, in English: `/ticket workflows` and its refusals.
export const workflows = {
  onlyAdmins: "Only admins can see the workflows.",
  title: "Workflows",
  none: "No workflows are configured.",
  on: "on",
  off: "off",
  neverRan: "has not run yet",
  lastRuns: (p: { items: string[] }, f: Formats) => `Last runs: ${f.list(p.items)}`,
  run: (p: { ticket: string; outcome: string; when: string }) => `${p.ticket} ${p.outcome} ${p.when}`,
  outcome_done: "done",
  outcome_failed: "failed",
  outcome_cancelled: "cancelled",
  outcome_refused: "refused",
  trigger_ticket_created: "when a ticket is created",
  trigger_status_changed: "when the status changes",
  trigger_property_changed: "when a property changes",
  trigger_customer_replied: "when the customer replies",
  trigger_agent_replied: "when an agent replies",
  trigger_assigned: "when a ticket is assigned",
  trigger_unassigned: "when a ticket is unassigned",
  trigger_time_in_status: "after a time in a status",
  trigger_time_after: "a time after an event",
  trigger_sla_warning: "on an SLA warning",
  trigger_sla_breach: "on an SLA breach",
  actions: (p: { count: number }, f: Formats) => f.plural(p.count, { one: "# action", other: "# actions" }),
} as const;
