import type { TicketView } from "../core/tickets/view.js";

/** A ticket as the core hands it to a renderer: open, new, unowned, in the default pipeline; `over` sets the rest. */
export function ticketView(over: Partial<TicketView> = {}): TicketView {
  const at = over.createdAt ?? new Date(0);
  return {
    id: 1,
    number: "#1",
    subject: "Subject",
    pipeline: { id: "support", name: "Support" },
    status: { id: "new", name: "New", category: "OPEN" },
    priority: "medium",
    owner: null,
    team: null,
    source: "email",
    contact: null,
    company: null,
    properties: {},
    createdAt: at,
    updatedAt: at,
    firstResponseAt: null,
    resolvedAt: null,
    closedAt: null,
    deletedAt: null,
    slaDueAt: null,
    mergedIntoId: null,
    splitFromId: null,
    ...over,
  };
}
