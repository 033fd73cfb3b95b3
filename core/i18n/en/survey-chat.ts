// The customer's rating as agents see it (the ticket card, the timeline of `/ticket show`) and the
// survey a requester who wrote in chat is sent there (a direct message with five rating buttons,
// a thank-you and a comment form), in English.
export const surveyChat = {
  cardLabel: "CSAT",
  received: (p: { score: number }) => `Customer rated ${p.score}/5`,
  commented: (p: { comment: string }) => `Customer commented: ${p.comment}`,
  ask: (p: { ticket: string; subject: string }) =>
    `How did we do with your request ${p.ticket} “${p.subject}”? Please rate our help from 1 to 5.`,
  askShort: (p: { ticket: string }) => `How did we do with your request ${p.ticket}? Rate us from 1 to 5.`,
  scale: "1 = very dissatisfied · 5 = very satisfied",
  thanks: (p: { score: number }) => `Thank you for your rating: ${p.score}/5.`,
  already: (p: { score: number }) => `You have already rated this request ${p.score}/5. Thank you!`,
  expired: "This survey has closed. Thank you all the same.",
  addComment: "Add a comment",
  commentTitle: "Your comment",
  commentLabel: "Anything you would like to tell us?",
  commentPlaceholder: "What went well, what could be better…",
  commentSubmit: "Send",
  commentCancel: "Cancel",
  commentThanks: "Thank you for your comment.",
  alreadyCommented: "We already have your comment on this request. Thank you!",
  rateFirst: "Please choose a rating first.",
  // The survey posted in the requester's thread of a shared channel, when Slack refuses them a DM.
  askFor: (p: { name: string; ticket: string; subject: string }) =>
    `${p.name}, how did we do with your request ${p.ticket} “${p.subject}”? Please rate our help from 1 to 5.`,
  askShortFor: (p: { name: string; ticket: string }) => `${p.name}, how did we do with your request ${p.ticket}? Rate us from 1 to 5.`,
  onlyFor: (p: { name: string }) => `Only ${p.name}, who made this request, can answer.`,
  onlyRequester: "Only the person who made this request can answer.",
} as const;
