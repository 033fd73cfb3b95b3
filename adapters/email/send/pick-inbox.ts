import type { InboxDefinition } from "../config.js";

/**
 * The inbox a ticket's mail goes out from: the one for its team and pipeline, else its team,
 * else its pipeline (an inbox without a team), else the default inbox, else the first.
 */
export function inboxForTicket(
  inboxes: readonly InboxDefinition[],
  ticket: { teamId: string | null; pipelineId: string },
): InboxDefinition | undefined {
  const team = ticket.teamId ?? undefined;
  return (
    inboxes.find((i) => i.teamId === team && i.pipelineId === ticket.pipelineId && team !== undefined) ??
    (team !== undefined ? inboxes.find((i) => i.teamId === team) : undefined) ??
    inboxes.find((i) => i.pipelineId === ticket.pipelineId && i.teamId === undefined) ??
    inboxes.find((i) => i.default) ??
    inboxes[0]
  );
}

/** The inbox address with the ticket token: replies to it thread by the plus-tag. */
export function replyAddress(inbox: InboxDefinition, ticketId: number): string {
  const at = inbox.address.lastIndexOf("@");
  return `${inbox.address.slice(0, at)}+t${ticketId}${inbox.address.slice(at)}`;
}
