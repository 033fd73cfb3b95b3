import type { Formats } from "../format.js";

// The dashboard's sign-in as agents read it, in English: the link from chat and the sign-in pages.
export const web = {
  linkIntro: "Your sign-in link to the help desk dashboard. It is yours alone: do not share it.",
  linkButton: "Open the dashboard",
  linkExpires: (p: { at: Date }, f: Formats) => `The link works once, until ${f.dateTime(p.at)}.`,
  notConfigured:
    "The dashboard is not set up on this help desk. An admin turns it on by setting PUBLIC_URL to the https address the help desk is served at, then restarting it.",
  signInTitle: "Sign in from chat",
  signInNeeded: "To open the dashboard, type /ticket dashboard in Slack or Discord and follow the link it sends you.",
  linkGoneTitle: "This sign-in link no longer works",
  linkGone: "A sign-in link works once, for 10 minutes. Ask for a new one with /ticket dashboard in Slack or Discord.",
  signedOutTitle: "Signed out",
  signedOut: "You are signed out of the dashboard. To sign in again, type /ticket dashboard in Slack or Discord.",
  signOut: "Sign out",
} as const;
