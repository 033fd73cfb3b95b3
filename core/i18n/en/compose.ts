// What the chat surfaces say for the compose actions , in English.
export const compose = {} as const;
