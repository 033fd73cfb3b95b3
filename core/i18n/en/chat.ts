import type { Formats } from "../format.js";

// What the chat surfaces say around the core's answers, in English.
export const chat = {
  failed: "Something went wrong on our side; please try again.",
  agentsOnlySlack: "Only help desk agents can do that. Ask a help desk admin to add your Slack account.",
  agentsOnlyDiscord: "Only help desk agents can do that. Ask a help desk admin to add your Discord account.",
  giveTicketNumber: "Give a ticket number, e.g. `#123`.",
  noteNotSaved: (p: { id: number }) => `This message was not saved as a note on #${p.id}.`,
  notATicketNumber: (p: { typed: string }) => `“${p.typed}” is not a ticket number; write it like #123.`,
  aTicketNumber: "A ticket number.",
  sayWhichTicket: (p: { option: string }) =>
    `Say which ticket: fill in the \`${p.option}\` option (e.g. #123), or run the command inside the ticket's forum post.`,
  requiredHere: "Required here.",
  priorityChooseOne: (p: { items: readonly string[] }, f: Formats) => `Priority: choose one of ${f.list(p.items)}.`,
  pipelineChooseOne: "Pipeline: choose one of the pipelines.",
  deletedTicketChoice: (p: { id: number; subject: string }) => `#${p.id} ${p.subject} · deleted`,
  noTeamChoice: "None: every agent sees it",
  linkExpired: (p: { days: number }, f: Formats) =>
    `This link has expired: links to attachments work for ${f.plural(p.days, { one: "# day", other: "# days" })} after they are posted in chat.`,
  linkInvalid: "This link is not valid.",
  attachmentNotKept: "This attachment was too large to keep: only its name and size were saved.",
  unknownCommand: "This help desk does not know that command; the bot's commands may need registering again.",
  notHandled: "This help desk does not handle that yet.",
  formOutOfDate: "This form is out of date; please open it again.",
  noteFailedDiscord: (p: { id: number }) =>
    `Something went wrong on our side: this message was **not saved** as a note on #${p.id}. Please send it again.`,
  agentsOnlyInPost: (p: { id: number }) =>
    `Only help desk agents' messages in this post are kept, as internal notes on #${p.id}; yours was not saved. Ask a help desk admin if you should be an agent.`,
  savedPostMoved: (p: { id: number; post: string | null }) =>
    `Saved as a note on #${p.id}, but this post is no longer in use: ${p.post ? `its post is now ${p.post}` : "it has moved to another forum"}, so carry on there.`,
  savedCardMoved: (p: { id: number; channel: string | null }) =>
    `Saved as a note on #${p.id}, but this card is no longer in use: ${p.channel ? `its card is now in ${p.channel}` : "its card has moved"}, so carry on in that thread.`,
  staleControl: "This control no longer works. Use the buttons on the ticket's card, or `/ticket`.",
  staleCommand: "That command no longer works here; use `/ticket`.",
} as const;
