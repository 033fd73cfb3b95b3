import type { ActionOn } from "../../core/index.js";
// What the Discord commands are called. manifest/discord.ts builds the definitions from these and
// the catalogue; the interaction handlers route on the same names.

/** The one chat-input command. */
export const ticketCommand = "ticket";

/** `/ticket <subcommand>` for each catalogue action Discord offers (lowercase, at most 32 characters). */
export const subcommandNames = {
  create: "new",
  find: "find",
  show: "show",
  queue: "queue",
  claim: "claim",
  release: "release",
  assign: "assign",
  reply: "reply",
  comment: "comment",
  change_status: "status",
  update_properties: "set",
  split: "split",
  merge: "merge",
  move: "move",
  delete: "delete",
  restore: "restore",
  follow: "follow",
  unfollow: "unfollow",
  away: "away",
  back: "back",
  workflows: "workflows",
  dashboard: "dashboard",
  stats: "stats",
  token: "token",
  panel: "panel",
} as const satisfies Record<ActionOn<"discord">, string>;

/** Message context-menu commands (right-click a message → Apps). */
export const messageCommands = {
  createTicket: "Create ticket from message",
  sendAsReply: "Send as reply",
} as const;
