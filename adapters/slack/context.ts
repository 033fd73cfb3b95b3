// What every Slack listener shares: who the Slack user is in the help desk, how core errors read
// in Slack, and the shared dedupe of retried events.
import { randomUUID } from "node:crypto";
import type { AgentGroupResolver } from "./user-groups.js";
import type { SlackLocales } from "./user-locale.js";
import {
  type Actor,
  agentByChatUser,
  claimChatEvent,
  type CoreDeps,
  type ErrorCode,
  invalid,
  isHelpdeskError,
  deskFormats,
  type Formats,
  type Logger,
  msg,
  type Reader,
  type Speech,
  speechIn,
  readerFormats,
  releaseChatEvent,
  render,
} from "../../core/index.js";

export interface SlackContext {
  deps: CoreDeps;
  log: Logger;
  /** The agents' workspace; users from any other (Slack Connect) are refused. */
  teamId?: string | undefined;
  /** Names this process as the holder of the events it handles. */
  workerId: string;
  /** Members of configured Slack user groups act as agents too (see user-groups.ts). */
  agentGroups?: AgentGroupResolver | undefined;
  /** Slack users' client languages, for those with none configured (see user-locale.ts). */
  locales?: SlackLocales | undefined;
  /** The service's address as agents' browsers reach it (PUBLIC_URL): dashboard sign-in links start with it; none without. */
  publicUrl?: string | undefined;
  /** The waits before each further try of an event whose handling failed unexpectedly (defaultEventRetryDelaysMs). */
  eventRetryDelaysMs?: readonly number[] | undefined;
}

/**
 * Slack is answered as soon as an event arrives, so it never delivers one again: a passing fault
 * (the database restarting, a deadlock) is outlived here instead, by trying again a little later.
 */
export const defaultEventRetryDelaysMs: readonly number[] = [250, 1_000, 4_000];

export function newWorkerId(): string {
  return `slack-${randomUUID().slice(0, 8)}`;
}

/** A Slack user as a reader: their configured locale if they are a listed agent, else the help desk's. */
export function slackReader(userId: string | undefined): Reader {
  return userId ? { account: { surface: "slack", userId } } : {};
}

export type { Speech };

/** A reader's formats; a Slack user with no configured locale gets their client's, once Slack has said it. */
export function formatsOf(ctx: SlackContext, reader: Reader): Formats {
  const account = reader.account;
  const platformLocale = reader.platformLocale ?? (account?.surface === "slack" ? ctx.locales?.known(account.userId) : undefined);
  return readerFormats(ctx.deps.catalog, { ...reader, platformLocale });
}

/** How to speak to a Slack user: their formats (language, time zone) and `say` for a catalogue message. */
export function speech(ctx: SlackContext, userId: string | undefined): Speech {
  return speechIn(formatsOf(ctx, slackReader(userId)));
}

/** How to speak where everyone reads (a card's thread, a channel): the help desk's language. */
export function deskSpeech(ctx: SlackContext): Speech {
  return speechIn(deskFormats(ctx.deps.catalog));
}

/** What someone who is not an agent is told, in their language. */
export function refusalText(ctx: SlackContext, userId: string | undefined): string {
  return `:no_entry: ${render(msg("chat.agentsOnlySlack"), formatsOf(ctx, slackReader(userId)))}`;
}

/** A Slack user as the payloads describe them; the team fields say which workspace they are from. */
export interface SlackUser {
  id: string;
  /** The user's own workspace, when the payload says (block_actions `user.team_id`, events `user_team`). */
  teamId?: string | undefined;
  /** The workspace the request came through. */
  requestTeamId?: string | undefined;
}

/**
 * The help desk agent behind a Slack user, or null: unknown users, deactivated agents, and users
 * of another workspace in a shared channel do not act.
 */
export async function actorFor(ctx: SlackContext, user: SlackUser): Promise<Actor | null> {
  const home = ctx.teamId ?? user.requestTeamId;
  if (home && user.teamId && user.teamId !== home) return null;
  const agent = await agentByChatUser(ctx.deps, "slack", user.id);
  if (ctx.agentGroups && (!agent || ctx.agentGroups.owns(agent.id))) return ctx.agentGroups.resolve(user.id, agent);
  return agent?.active ? { type: "agent", agentId: agent.id } : null;
}

/** Every core error code, as Slack shows it (a new code is a compile error here). */
const errorLook: Record<ErrorCode, string> = {
  not_found: ":mag:",
  forbidden: ":no_entry:",
  invalid: ":warning:",
  conflict: ":raised_hand:",
};

/** What to tell the agent when an action failed, in their language; unexpected errors are logged, not shown. */
export function errorText(ctx: SlackContext, e: unknown, reader: Reader): string {
  const f = formatsOf(ctx, reader);
  if (isHelpdeskError(e)) return `${errorLook[e.code]} ${e.messageIn(f)}`;
  ctx.log.error("slack action failed", { err: e instanceof Error ? e.message : String(e) });
  return `:x: ${render(msg("chat.failed"), f)}`;
}

/** A refusal's per-field messages, in the reader's language (for a modal's errors beside its fields). */
export function fieldErrorTexts(ctx: SlackContext, e: unknown, reader: Reader): Readonly<Record<string, string>> | undefined {
  return isHelpdeskError(e) ? e.fieldsIn(formatsOf(ctx, reader)) : undefined;
}

/**
 * Takes the one right to handle a Slack event, so a retried delivery (same `event_id`,
 * `X-Slack-Retry-Num`) is not handled twice, even by another replica. The claim is kept a day
 * (Slack retries for about an hour); the core remembers it as an expiring key.
 * @see https://api.slack.com/apis/events-api#retries
 */
export function claimEvent(ctx: SlackContext, eventId: string): Promise<boolean> {
  return claimChatEvent(ctx.deps, "slack", eventId, ctx.workerId);
}

/** Gives an event back when handling it failed, so Slack's retry gets another chance. */
export function releaseEvent(ctx: SlackContext, eventId: string): Promise<void> {
  return releaseChatEvent(ctx.deps, "slack", eventId, ctx.workerId);
}

/** Whom a refusal of the core is told to, privately. */
export interface EventTeller {
  userId: string;
  whisper(text: string): Promise<unknown>;
}

/** Where an event happened, for the log when it could not be handled (never what was written). */
export interface EventPlace {
  channel: string;
  ts: string;
}

/**
 * Handles a Slack event once (see claimEvent): `work` runs only for the first delivery. A core
 * refusal is the person's to know: with `tell`, it is told to them privately in their language and
 * the event counts as handled. Anything else that fails is tried again a few times, a little later
 * each time (the work is idempotent: what it stores is keyed by the message); failing still, it is
 * logged with `at` and the claim given back.
 */
export async function handleEventOnce(
  ctx: SlackContext,
  eventId: string,
  work: () => Promise<void>,
  tell?: EventTeller,
  at?: EventPlace,
): Promise<void> {
  if (!(await claimEvent(ctx, eventId))) return;
  const delays = ctx.eventRetryDelaysMs ?? defaultEventRetryDelaysMs;
  for (let tries = 1; ; tries++) {
    try {
      try {
        await work();
      } catch (err) {
        if (!tell || !isHelpdeskError(err)) throw err;
        await tell.whisper(errorText(ctx, err, slackReader(tell.userId)));
      }
      return;
    } catch (err) {
      const wait = delays[tries - 1];
      // A refusal of the core says the same however often it is asked.
      if (wait !== undefined && !isHelpdeskError(err)) {
        await new Promise((resolve) => setTimeout(resolve, wait));
        continue;
      }
      ctx.log.error("slack event not handled", { event: eventId, ...at, tries, err: err instanceof Error ? err.message : String(err) });
      await releaseEvent(ctx, eventId);
      throw err;
    }
  }
}

/** "#12", "12" → 12. */
export function parseTicketNumber(s: string | undefined): number | null {
  const m = /^#?(\d{1,9})$/.exec(s?.trim() ?? "");
  return m ? Number(m[1]) : null;
}

/** The ticket number among a command's words (the first by default), or `invalid`. */
export function ticketArg(args: readonly string[], i = 0): number {
  const n = parseTicketNumber(args[i]);
  if (n === null) throw invalid(msg("chat.giveTicketNumber"));
  return n;
}

/** `key=value` and `key="two words"` pairs. */
export function keyValues(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/([a-z_][a-z0-9_]*)=(?:"([^"]*)"|(\S+))/gi)) out[m[1]!.toLowerCase()] = m[2] ?? m[3] ?? "";
  return out;
}
