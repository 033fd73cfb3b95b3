// What one catalogue action is on Slack: its `/ticket` subcommand, the card element or overflow
// entry that starts it, and its modal (the view it opens and what the submission does). The routers
// (commands.ts, actions.ts, submissions.ts) find these in slackActions; they parse, resolve the
// agent and answer, so an action only does its own work.
import type { BlockAction, ViewOutput } from "@slack/bolt";
import type { ModalView } from "@slack/types";
import type { OverflowItem } from "../card.js";
import type { SlackContext, Speech } from "../context.js";
import type { ModalMetadata } from "../modals.js";
import type { Answer } from "../render.js";
import type { Actor } from "../../../core/index.js";

/** Opens a modal for the trigger of the command or click (valid for 3 seconds). */
export type OpenModal = (view: ModalView) => Promise<void>;

/** One `/ticket …` once the agent is known. */
export interface Invocation {
  actor: Actor;
  /** The words after the subcommand. */
  args: string[];
  /** The text after the ticket number, as typed. */
  rest: string;
  open: OpenModal;
  /** The agent's language and time zone, for what the command answers and the modal it opens. */
  speech: Speech;
}

/** A subcommand's answer is shown ephemerally; none when it opened a modal. */
export type Subcommand = (ctx: SlackContext, inv: Invocation) => Promise<Answer | string | void>;

export interface SlashCommand {
  /** What agents type after `/ticket`. */
  word: string;
  /** Other words that mean the same. */
  aliases?: readonly string[];
  /** How it is typed, for the help text and the manifest's usage hint. */
  usage: string;
  run: Subcommand;
}

/** A click on a card element (the same element on the App Home tab too), once the agent is known. */
export interface CardClick {
  actor: Actor;
  /** The element as Slack sent it: its value, selected option or user. */
  action: BlockAction["actions"][number];
  /** The ticket the element belongs to: its value, or the id in its block's id. */
  ticketId(): number;
  open: OpenModal;
  /** The clicking agent's language and time zone. */
  speech: Speech;
}

/** A card element (button or select) by action_id; a text returned is told to the agent privately. */
export interface CardElement {
  actionId: string;
  run(ctx: SlackContext, click: CardClick): Promise<string | void>;
}

/** An entry of the card's overflow menu; a text returned is told to the agent privately. */
export interface OverflowEntry {
  item: OverflowItem;
  run(ctx: SlackContext, click: { actor: Actor; ticketId: number; open: OpenModal; speech: Speech }): Promise<string | void>;
}

export type ModalBuilder = (...args: never[]) => ModalView;

/**
 * A modal and its submission: `check` reads and checks the input without the database (throwing
 * `invalid` with per-field messages, shown in the ack); `run` is the core use case, after the ack.
 */
export interface ActionModal<I, B extends ModalBuilder = ModalBuilder> {
  /** The callback_id (one of modalIds) its view_submission comes back with. */
  callbackId: string;
  /** Builds the view. */
  build: B;
  /** `userId`: the Slack user who submitted (checked against the configured agents only). */
  check(ctx: SlackContext, view: ViewOutput, meta: ModalMetadata, userId: string): I;
  run(ctx: SlackContext, actor: Actor, input: I): Promise<unknown>;
  /** The ticket it acts on, so a refusal can be told in that ticket's card channel. */
  ticket?(input: I): number | undefined;
  /** Keeps what the agent typed when the core refused it; returns what to add to the message. */
  rescue?(ctx: SlackContext, actor: Actor | null, input: I, speech: Speech): Promise<string | undefined>;
  /** The modal closed without submitting (only with notify_on_close). */
  closed?(ctx: SlackContext, actor: Actor, view: ViewOutput): Promise<void>;
}

/** A modal with its input type inferred from `check`, and its builder's own parameters. */
export const actionModal = <I, B extends ModalBuilder>(m: ActionModal<I, B>): ActionModal<I, B> => m;

export interface SlackAction {
  command: SlashCommand;
  card?: CardElement;
  overflow?: OverflowEntry;
  modal?: ActionModal<unknown>;
}
