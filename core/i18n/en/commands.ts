// What the chat platforms list about the app: Slack's manifest, Discord's command definitions.
export const commands = {
  ticketCommand: "Work help desk tickets.",
  slashCommand: "Work help desk tickets",
  groupView: "Find and look at tickets.",
  groupWork: "Work a ticket.",
  impliedInPost: (p: { said: string }) => `${p.said} Implied inside the ticket's post.`,
  propertiesOption: "Other fields as key=value pairs, e.g. product=web seats=3 (quote a value with spaces)",
  createTicketFromMessage: "Create ticket from message",
  sendAsReply: "Send as reply",
  createTicketShortcut: "Create ticket",
  createTicketShortcutHelp: "Make this message a help desk ticket; replies go back to its thread.",
  sendAsReplyShortcutHelp: "Send this message of a ticket's thread to the customer, after a confirmation.",
  appName: "Help Desk",
  appDescription: "Work help desk tickets without leaving Slack.",
  appIntro:
    "Customer email and web forms become tickets. Each ticket gets a card in its team's triage channel, and its thread is the working log.",
  appActionsIntro: "From the card or `/ticket`, agents can:",
} as const;

/** Priorities as agents read them. */
export const priority = { low: "low", medium: "medium", high: "high", urgent: "urgent" } as const;

/** Queues as agents read them. */
export const queue = {
  mine: "mine",
  unassigned: "unassigned",
  team: "team",
  all_open: "all open",
  auto: "auto",
  breaching: "breaching soon",
} as const;
