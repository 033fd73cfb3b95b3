// What the chat surfaces say on Slack's App Home, in snippets and in shortcuts, in English.
export const home = {
  title: "Help desk",
  notAgent: "You are not a help desk agent, so there are no tickets to show here. Ask a help desk admin to add your Slack account.",
  mine: "My open tickets",
  unassigned: "Unassigned in my teams",
  moreMine: "More of your tickets: `/ticket queue mine`.",
  moreUnassigned: "More unassigned tickets: `/ticket queue unassigned`.",
  refresh: "Refresh",
  opened: (p: { when: string }) => `opened ${p.when}`,
  // The "Create ticket" and "Send as reply" message shortcuts
  messageFrom: (p: { author: string | null }) => `Slack message from ${p.author ?? "a Slack user"}`,
  alreadyOnTicket: (p: { id: number }) =>
    `That message is already on #${p.id}. Use *Send as reply* to send it to the customer, or split it off from the card.`,
  createdFromMessage: (p: { number: string; subject: string; who: string | null }) =>
    `Created *${p.number}* ${p.subject} for ${p.who ?? "its author"}. Replies to them go to this message's thread; notes stay in the triage thread.`,
  sendAsReplyInThreadOnly: "*Send as reply* works on a message in a ticket card's thread.",
  tooLongToSend: (p: { id: number }) => `That message is too long to send from here; use *Reply* on the card of #${p.id}.`,
  requesterInSlack: (p: { who: string | null }) => `${p.who ?? "the requester"} in Slack, in the thread of their message`,
  sendAsReplyTitle: (p: { number: string }) => `Reply on ${p.number}`,
  sendAsReplyAsk: (p: { to: string; number: string; subject: string }) => `Send this to ${p.to}, as a reply on *${p.number}* ${p.subject}?`,
  // `/ticket snippet`
  snippetAddUsage: "Give the snippet a name and its text: `/ticket snippet add <name> <text>`.",
  snippetSaved: (p: { name: string }) => `Snippet *${p.name}* saved; it is offered in every reply.`,
  noSnippets: "There are no snippets yet. An admin can add one with `/ticket snippet add <name> <text>`.",
  snippetsTitle: "Snippets",
  snippetUsage: "Try `/ticket snippet list` or `/ticket snippet add <name> <text>`.",
} as const;
