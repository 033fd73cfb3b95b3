import type { Formats } from "../format.js";

// The customer satisfaction survey as the customer reads it, in English: the survey email, the
// landing page of its links, and the refusals of an answer.
export const csat = {
  notFound: "This survey does not exist.",
  notYours: "This survey was sent to someone else.",
  badScore: "A rating is a whole number from 1 to 5.",
  commentEmpty: "Write a comment first.",
  commentTooLong: (p: { count: number }, f: Formats) => `A comment can be at most ${f.number(p.count)} characters.`,
  score_1: "Very dissatisfied",
  score_2: "Dissatisfied",
  score_3: "Neither",
  score_4: "Satisfied",
  score_5: "Very satisfied",
  emailSubject: (p: { ticket: string; subject: string }) => `How did we do? ${p.ticket}: ${p.subject}`,
  emailGreeting: (p: { name: string }) => `Hello ${p.name},`,
  emailGreetingAnonymous: "Hello,",
  emailIntro: (p: { ticket: string; subject: string }) =>
    `Your request ${p.ticket} "${p.subject}" has been resolved. How satisfied are you with the help you received? One click on a rating records it:`,
  emailExpires: (p: { at: Date }, f: Formats) => `These links work until ${f.date(p.at)}. On the page that opens you can add a comment.`,
  emailFooter: "If you would rather not answer, you can ignore this email. Thank you for contacting us.",
  pageTitle: "Customer satisfaction",
  ticketLine: (p: { ticket: string; subject: string }) => `Request ${p.ticket}: ${p.subject}`,
  confirmNotice: "Sending your rating… If nothing happens, press the button below.",
  confirmSend: "Send my rating",
  thanks: "Thank you for your rating!",
  yourRating: (p: { score: number; label: string }) => `Your rating: ${p.score} of 5 (${p.label})`,
  alreadyAnswered: "You have already rated this request; the rating you gave first stands.",
  commentPrompt: "Is there anything you would like to tell us? (optional)",
  commentSend: "Send comment",
  commentThanks: "Thank you, we have received your comment.",
  alreadyCommented: "We already have your comment on this request.",
  yourComment: "Your comment:",
  commentTooBigTitle: "This comment is too long",
  commentTooBig: (p: { count: number }, f: Formats) =>
    `A comment can be at most ${f.number(p.count)} characters. Please go back, shorten it and send it again.`,
  notAnswered: "Please choose a rating first, with one of the links in the email.",
  expiredTitle: "This survey has closed",
  expired: "The survey for this request can no longer be answered. Thank you all the same.",
  badLinkTitle: "This link does not work",
  badLink: "The link may have been cut off or changed. Please open it exactly as it appears in the email.",
} as const;
