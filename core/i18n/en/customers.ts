// Customer channels (chat channels whose customers' messages become tickets), in English: what the
// customer is told in their thread, and what an admin connecting a channel is told.
export const customers = {
  acknowledged: (p: { ticket: string }) =>
    `Thanks, we have your request as ticket ${p.ticket}. Our support team will answer in this thread.`,
  onlyAdmins: "Only admins can connect or disconnect customer channels.",
  connected: (p: { channel: string; company: string | null }) =>
    p.company
      ? `${p.channel} is now a customer channel for ${p.company}: each new message from a customer here opens a ticket.`
      : `${p.channel} is now a customer channel: each new message from a customer here opens a ticket.`,
  alreadyConnected: (p: { channel: string }) => `${p.channel} is a customer channel already; its company is updated.`,
  disconnected: (p: { channel: string }) => `${p.channel} is no longer a customer channel. Its tickets stay as they are.`,
  notConnected: (p: { channel: string }) => `${p.channel} is not a connected customer channel.`,
  inConfiguration: (p: { channel: string }) => `${p.channel} is a customer channel in the configuration file; change it there.`,
  triageChannel: (p: { channel: string }) =>
    `${p.channel} is a triage channel, where agents' ticket cards are posted, so it cannot be a customer channel.`,
  notAChannel: "Connect a customer channel from inside that channel (not a direct message).",
  badCompany: (p: { company: string }) => `"${p.company}" is not a company's email domain (such as example.com).`,
  agentsMessage: "That message is an agent's: only a customer's message becomes their ticket here.",
  threadIsTicket: (p: { id: number }) =>
    `This thread is already ticket #${p.id}: one thread makes one ticket, and its customers' replies here join it.`,
  joinedThreadTicket: (p: { id: number }) => `Added that message to ticket #${p.id}, the ticket of its thread.`,
  onThreadTicket: (p: { id: number }) => `That message is on ticket #${p.id} already, the ticket of its thread.`,
  /** The subject of a ticket opened by a message with files and no text, none of them named. */
  attachmentOnly: "(attachment)",
  /** What follows `/ticket connect` in `/ticket help`. */
  helpConnectPlaceholder: "[company domain]",
  helpConnect:
    "Make this channel a customer channel, whose customers' new messages open tickets; a company's email domain names their company (admins).",
  helpDisconnect: "Stop this channel being a customer channel; its tickets stay (admins).",
} as const;
