// The core's refusals (HelpdeskError), in English. Each name says what went wrong.
export const errors = {
  agentsOnly: "Only help desk agents can do that.",
  ticketNotFound: (p: { id: number }) => `Ticket #${p.id} was not found.`,
  ticketDeleted: (p: { id: number }) => `Ticket #${p.id} was deleted.`,
  ticketMerged: (p: { id: number; into: number }) => `Ticket #${p.id} was merged into #${p.into}; work on #${p.into} instead.`,
  alreadyOwn: (p: { id: number }) => `You already own #${p.id}.`,
  claimedBy: (p: { id: number; owner: string }) => `#${p.id} is already claimed by ${p.owner}.`,
  claimedByOther: (p: { id: number }) => `#${p.id} is already claimed by another agent.`,
  notAssigned: (p: { id: number }) => `#${p.id} is not assigned to anyone.`,
  ownedBy: (p: { id: number; owner: string | null }) =>
    `#${p.id} is owned by ${p.owner ?? "another agent"}; only they or an admin can release it.`,
} as const;
