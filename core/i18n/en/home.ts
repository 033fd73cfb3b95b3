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
} as const;
