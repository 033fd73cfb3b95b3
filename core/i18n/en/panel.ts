// The support panel on Discord: the message with its "Open a ticket" button an admin posts in a
// channel, the form a customer fills in, the private thread their ticket is worked in and its
// Close button, and what the admin and the customer are told, in English.
export const panel = {
  title: "Need help?",
  intro: "Press the button below to open a ticket. A private thread opens where only you and our support team can read.",
  openButton: "Open a ticket",
  posted: "The support panel is posted in this channel.",
  onlyAdmins: "Only admins can post the support panel.",
  notHere: "Post the support panel in a text channel of the server (not in a thread, a forum or an announcement channel).",
  botLacks: (p: { permissions: string }) =>
    `The bot cannot run a support panel in this channel: give it ${p.permissions} here, then post the panel again.`,
  permViewChannel: "View Channel",
  permSendMessages: "Send Messages",
  permCreatePrivateThreads: "Create Private Threads",
  permSendMessagesInThreads: "Send Messages in Threads",
  permManageThreads: "Manage Threads",
  formTitle: "Open a ticket",
  subjectLabel: "Subject",
  subjectPlaceholder: "What is your request about?",
  descriptionLabel: "Describe your request",
  descriptionPlaceholder: "What happened, what you expected, anything that helps us help you.",
  opening: "Opening your ticket…",
  firstMessage: (p: { ticket: string }) =>
    `Your ticket ${p.ticket} is open. Our support team answers in this thread; write here to add anything.`,
  youWrote: "What you wrote:",
  closeButton: "Close ticket",
  opened: (p: { ticket: string; thread: string }) => `Your ticket ${p.ticket} is open: continue in ${p.thread}.`,
  alreadyOpened: (p: { ticket: string }) => `Your ticket ${p.ticket} is already open.`,
  alreadyHaveOpen: (p: { ticket: string; thread: string | null }) =>
    p.thread
      ? `You already have an open ticket, ${p.ticket}: ${p.thread}. Write there to add anything.`
      : `You already have an open ticket, ${p.ticket}.`,
  stillOpening: "Your ticket from a moment ago is still being opened. It will show up here shortly.",
  agentsUseNew: "You are a help desk agent: open a ticket for a customer with /ticket new instead.",
  threadFailed: "We could not open a private thread for your ticket. Please try again in a moment.",
  noTicketHere: "This thread has no ticket to close.",
  notYourTicket: "Only the person who opened this ticket can close it.",
  closeNeedsAgent: "This ticket needs our support team to close it. We will take care of it.",
  agentCloseFromCard: "Every closed status of this ticket asks for details first: close it from its card's Status menu.",
  closed: (p: { ticket: string }) => `Ticket ${p.ticket} is closed. Thank you! Write here if you need us again.`,
  alreadyClosed: (p: { ticket: string }) => `Ticket ${p.ticket} is already closed.`,
  subjectBlank: "Please give your ticket a subject, then send the form again.",
  notSaved: "We could not add this message to your ticket. Please send it again in a moment.",
  notTaken:
    "Messages here no longer reach a ticket (it was removed or now belongs to someone else). To ask us something, open a new ticket from the support panel.",
  notAdded: (p: { ticket: string }) =>
    `Your ticket ${p.ticket} is open, but we could not add you to its private thread. Our support team has been told and will get back to you.`,
} as const;
