// What the chat surfaces say on Slack's App Home, in snippets and in shortcuts, in English.
export const home = {} as const;
