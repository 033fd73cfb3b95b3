// What the chat surfaces say around the core's answers, in English.
export const chat = {
  failed: "Something went wrong on our side; please try again.",
  agentsOnlySlack: "Only help desk agents can do that. Ask a help desk admin to add your Slack account.",
  agentsOnlyDiscord: "Only help desk agents can do that. Ask a help desk admin to add your Discord account.",
  giveTicketNumber: "Give a ticket number, e.g. `#123`.",
  noteNotSaved: (p: { id: number }) => `This message was not saved as a note on #${p.id}.`,
} as const;
