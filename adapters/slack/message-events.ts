// What the `message` listeners read of an event, and which events are a person writing: the thread
// notes (events.ts) and the customer channels (customer-channels.ts) take the same ones.
// @see https://api.slack.com/events/message
import type { SlackFile } from "./customer-files.js";

/** The fields of a `message` event the listeners read. */
export interface SlackMessageEvent {
  subtype?: string;
  bot_id?: string;
  user?: string;
  /** The author's own workspace (Slack Connect). */
  user_team?: string;
  team?: string;
  text?: string;
  ts: string;
  thread_ts?: string;
  channel: string;
  files?: SlackFile[];
}

/**
 * Subtypes that are still a person writing: a message with files shared in it, and a thread reply
 * also sent to the channel. Edits, deletions, joins and bot posts (our own mirrors included) are not.
 * @see https://api.slack.com/events/message#subtypes
 */
const personSubtypes = new Set(["file_share", "thread_broadcast"]);

/** Whether a person wrote the message (not a bot, not an edit or a join). */
export function byPerson(e: SlackMessageEvent): e is SlackMessageEvent & { user: string } {
  return (!e.subtype || personSubtypes.has(e.subtype)) && !e.bot_id && !!e.user;
}

/** Whether the message is a reply in a thread (not the message that started it). */
export function inThread(e: SlackMessageEvent): e is SlackMessageEvent & { thread_ts: string } {
  return !!e.thread_ts && e.thread_ts !== e.ts;
}

/** The event's id for its claim; a payload without one (Socket Mode replays) falls back to `fallback`. */
export function eventIdOf(body: unknown, fallback: string): string {
  return String((body as { event_id?: string }).event_id ?? fallback);
}
