// What the help desk adds to the emails it sends customers, in English.
export const email = {
  replyPrefix: "Re:",
  footer: (p: { tag: string }) => `Reply to this email to add to your request ${p.tag}.`,
} as const;
