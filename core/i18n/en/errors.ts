// The core's refusals (HelpdeskError), in English. Each name says what went wrong.
export const errors = {
  agentsOnly: "Only help desk agents can do that.",
  ticketNotFound: (p: { id: number }) => `Ticket #${p.id} was not found.`,
  ticketDeleted: (p: { id: number }) => `Ticket #${p.id} was deleted.`,
  ticketMerged: (p: { id: number; into: number }) => `Ticket #${p.id} was merged into #${p.into}; work on #${p.into} instead.`,
} as const;
