import type { Formats } from "../format.js";

// What the chat surfaces say around writing: the reply, note, new-ticket, split and merge forms,
// and the answers to them, in English.
export const compose = {
  cancel: "Cancel",
  savedTextCut: (p: { field: string; length: number; max: number }, f: Formats) =>
    `${p.field}: the saved text is ${f.number(p.length)} characters; only the first ${f.number(p.max)} fit here, the rest is cut.`,
  textCut: (p: { field: string; length: number; max: number }, f: Formats) =>
    `${p.field}: the text is ${f.number(p.length)} characters; only the first ${f.number(p.max)} fit here, the rest is cut.`,
  // Reply
  replyTitle: (p: { id: number }) => `Reply to #${p.id}`,
  send: "Send",
  replyLabel: "Reply to the customer",
  replyHint: "The customer reads this by email (or where they wrote).",
  cc: "Cc",
  bcc: "Bcc",
  addressesHint: "Email addresses, separated by commas.",
  thenSetStatus: "Then set status",
  keepStatus: "Keep the status",
  currentStatus: "Current status",
  insertSnippet: "Insert a snippet…",
  replyWriteSomething: "Reply to the customer: write something to send.",
  replySent: (p: { number: string }) => `Reply sent on ${p.number}.`,
  replySentNowIn: (p: { number: string; status: string }) => `Reply sent on ${p.number}. It is **${p.status}** now.`,
  replyKeptCard: (p: { id: number }) =>
    `Your reply to #${p.id} was not sent. It is kept as your draft: click *Reply* on #${p.id}'s card to pick it up.`,
  replyKeptCommand: (p: { id: number }) =>
    `Your reply was not sent. It is kept as your draft: run \`/ticket reply\` on #${p.id} again to pick it up.`,
  replyNotKept: (p: { id: number }) => `Your reply to #${p.id} was not sent and could not be kept as a draft; here it is to copy:`,
  replyNotSentCopy: "Your reply was not sent; here it is to copy:",
  // Send as reply (a message of the ticket's thread or post, to the customer)
  sendAsReplyTitle: (p: { id: number }) => `Send as reply on #${p.id}`,
  sendAsReplyAsk: (p: { to: string; id: number }) => `Send this to **${p.to}** as a reply on **#${p.id}**? Edit it first if you like.`,
  theCustomer: "the customer",
  inTheirChat: (p: { who: string; surface: string }) => `${p.who}, in ${p.surface} under the message the ticket came from`,
  sendAsReplyInPostOnly: "**Send as reply** works on a message in a ticket's forum post.",
  sendAsReplyPeopleOnly: (p: { id: number }) =>
    `**Send as reply** sends what a person wrote in the post. To write to the customer, use **Reply** on the card of #${p.id}.`,
  noTextToSend: "That message has no text to send.",
  tooLongToSend: (p: { id: number }) => `That message is too long to send from here; use **Reply** on the card of #${p.id}.`,
  formExpired: "This form no longer works; run **Send as reply** again.",
  replyGoingOut: (p: { number: string }) => `Reply on **${p.number}** sent; it goes out to the customer in a moment.`,
  // Internal note
  noteTitle: (p: { id: number }) => `Note on #${p.id}`,
  saveNote: "Save note",
  noteLabel: "Internal note",
  noteHintSlack: "Only agents see it. @name mentions notify them.",
  noteHintDiscord: "Only agents see it. @handle (an agent's id or email name) notifies them.",
  noteWriteSomething: "Internal note: write something to save.",
  noteSaved: (p: { number: string; mentioned: number }, f: Formats) =>
    `Note saved on ${p.number}.` +
    (p.mentioned ? ` ${f.plural(p.mentioned, { one: "One mentioned agent is", other: "# mentioned agents are" })} notified.` : ""),
  noteNotSavedCopy: "Your note was not saved; here it is to copy:",
  // New ticket
  newTicketTitle: "New ticket",
  create: "Create",
  subject: "Subject",
  theRequest: "The request",
  requesterEmail: "Requester email",
  priority: "Priority",
  pipeline: "Pipeline",
  ticketNotSavedCopy: "Your ticket was not saved; here it is to copy:",
  requestHint: "As the customer put it.",
  requesterEmailHint: "Leave empty when nobody is to be written to.",
  subjectNeeded: "Subject: a ticket needs one.",
  created: (p: { number: string; subject: string }) => `Created ${p.number}: ${p.subject}. Its post appears in the forum in a moment.`,
  // A ticket from a chat message
  fromMessageTitle: "New ticket from a message",
  messageFrom: (p: { author: string }) => `Discord message from ${p.author}`,
  fromMessageRequester: (p: { author: string }) =>
    `Requester: **${p.author}**. Replies to them go back under their message; notes stay in the ticket's post.`,
  requestInTheirWords: "The ticket's first message, as the requester's own words.",
  personMessagesOnly: "Only a message a person wrote can become a ticket: its author is the requester.",
  messageInPostOf: (p: { id: number }) => `That message is in the post of #${p.id}. Use **Send as reply** to send it to the customer.`,
  noTextForTicket: "That message has no text to make a ticket of.",
  fromMessageExpired: "This form no longer works; run **Create ticket from message** again.",
  itsAuthor: "its author",
  createdFor: (p: { number: string; subject: string; who: string }) =>
    `Created **${p.number}** ${p.subject} for ${p.who}. Replies to them go back under their message; notes stay in the ticket's forum post.`,
  // Split
  splitTitle: (p: { id: number }) => `Split #${p.id}`,
  split: "Split",
  splitMessages: "Messages for the new ticket",
  splitHint: "They move to a new ticket, with their email threading.",
  chooseMessages: "Choose messages",
  newSubject: "New ticket's subject",
  newSubjectHint: "Defaults to this ticket's subject with (split)",
  nothingToSplit: (p: { id: number }) => `#${p.id} has no messages to split off.`,
  chooseOneMessage: "Messages for the new ticket: choose at least one.",
  // `#` in a plural form is the count, so the ticket numbers stay outside it.
  splitDone: (p: { count: number; from: string; to: string; subject: string }, f: Formats) =>
    `${f.plural(p.count, { one: "One message of", other: "# messages of" })} ${p.from} ${p.count === 1 ? "is" : "are"} now ${p.to}: ${p.subject}.`,
  // Merge
  mergeTitle: (p: { id: number }) => `Merge into #${p.id}`,
  merge: "Merge",
  ticketToFoldIn: "Ticket to fold in",
  foldInHint: (p: { id: number }) => `Its messages move to #${p.id}, and it is closed.`,
  mergeWhich: "Say which ticket goes into which: `/ticket merge #other into #n`.",
  giveOtherNumber: "Give the other ticket's number, e.g. #123.",
  aTicketNumber: "A ticket number such as #123.",
  notTicketNumber: (p: { field: string; typed: string }) => `${p.field}: “${p.typed}” is not a ticket number; write it like #123.`,
  secondary: "Secondary",
  merged: (p: { id: number; into: string }) => `#${p.id} was merged into ${p.into}.`,
  // Checks of what was typed
  noSuchStatus: (p: { status: string }) => `There is no status "${p.status}".`,
  notEmailIn: (p: { field: string; value: string }) => `${p.field}: "${p.value}" is not an email address.`,
  priorityOneOf: (p: { items: readonly string[] }, f: Formats) => `One of: ${f.list(p.items)}.`,
} as const;
