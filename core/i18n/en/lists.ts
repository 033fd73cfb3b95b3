// What the chat surfaces say when they list tickets (queue, find, show) and in /ticket help, in English.
export const lists = {} as const;
