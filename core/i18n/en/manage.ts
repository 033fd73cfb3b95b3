// What the chat surfaces say for the manage actions , in English.
export const manage = {} as const;
