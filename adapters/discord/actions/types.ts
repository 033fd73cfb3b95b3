// What one catalogue action is on Discord: its `/ticket` subcommand, the card controls and
// pickers it answers, the modals it opens and what their submissions do, and the message
// commands that start it. The routers (commands.ts, components.ts, modals.ts,
// message-commands.ts) find the handler here by the name or custom id Discord sends.
import type {
  APIModalInteractionResponseCallbackData,
  ChatInputCommandInteraction,
  MessageComponentInteraction,
  MessageContextMenuCommandInteraction,
  ModalSubmitInteraction,
} from "discord.js";
import type { CardAction, MoreItem } from "../card.js";
import type { messageCommands } from "../command-names.js";
import type { DiscordContext } from "../context.js";
import type { ModalKind, PickKind } from "../custom-ids.js";
import type { Actor } from "../../../core/index.js";

export type CommandHandler = (ctx: DiscordContext, i: ChatInputCommandInteraction, actor: Actor) => Promise<void>;

/** A click or choice on a ticket's card (or an entry of its More menu), for the ticket it names. */
export type CardHandler = (ctx: DiscordContext, i: MessageComponentInteraction, actor: Actor, ticketId: number) => Promise<void>;

/**
 * A choice on a private picker, already acknowledged; `say` edits the picker message (and takes
 * its control away unless `done` is false). A failure thrown is said there by the router.
 */
export type PickHandler = (
  ctx: DiscordContext,
  i: MessageComponentInteraction,
  actor: Actor,
  ticketId: number,
  say: (content: string, done?: boolean) => Promise<unknown>,
) => Promise<void>;

/** A modal's submission, with the parts of its custom id after the kind. */
export type SubmitHandler = (ctx: DiscordContext, i: ModalSubmitInteraction, actor: Actor, parts: string[]) => Promise<void>;

export type MessageCommandHandler = (ctx: DiscordContext, i: MessageContextMenuCommandInteraction, actor: Actor) => Promise<void>;

/** A modal builder; each takes what its form starts from. */
export type ModalBuilder = (...args: never[]) => APIModalInteractionResponseCallbackData;

/** A message context-menu command, by its key in command-names.ts. */
export type MessageCommand = keyof typeof messageCommands;

/**
 * Everything one action does on Discord. Each card control, More entry, picker, modal kind and
 * message command belongs to exactly one action (registry.test.ts checks).
 */
export interface DiscordAction {
  /** `/ticket <subcommand>`, the subcommand named for this action in command-names.ts. */
  command: CommandHandler;
  /** The card's buttons and status select (the More select routes on to `more`). */
  card?: Partial<Record<Exclude<CardAction, "more">, CardHandler>>;
  /** Entries of the card's More select. */
  more?: Partial<Record<MoreItem, CardHandler>>;
  /** The private pickers a More entry opens. */
  pick?: Partial<Record<PickKind, PickHandler>>;
  /** The modals this action opens, by kind. */
  modals?: Partial<Record<ModalKind, ModalBuilder>>;
  /** What each of those modals does when submitted. */
  submit?: Partial<Record<ModalKind, SubmitHandler>>;
  /** Message context-menu commands (right-click a message → Apps). */
  messageCommands?: Partial<Record<MessageCommand, MessageCommandHandler>>;
}
