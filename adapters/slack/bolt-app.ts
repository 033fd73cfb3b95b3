// The Bolt app: one per process, fed by the hono route through HonoReceiver.
import { App, LogLevel, type Authorize, type Logger as BoltLogger } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { slackClient } from "./api.js";
import { registerCardActions } from "./actions.js";
import { registerCommands } from "./commands.js";
import { registerSurveyActions } from "./csat-survey.js";
import type { SlackContext } from "./context.js";
import { connectCommand } from "./connect-command.js";
import { registerCustomerChannels, type CustomerChannelSettings } from "./customer-channels.js";
import { registerTicketReaction } from "./customer-reaction.js";
import { registerThreadNotes } from "./events.js";
import { HonoReceiver, ReplayedRequest } from "./receiver.js";
import { SlackSocketReceiver } from "./socket-mode.js";
import { registerSubmissions, submissionAnswer } from "./submissions.js";
import { registerHome } from "./home.js";
import { registerLinkButtons } from "./link-button.js";
import { registerSnippetPicker } from "./snippets.js";
import { registerShortcuts } from "./shortcuts.js";
import { firstSightingOfRequest, type Logger, type QuietGate } from "../../core/index.js";

export interface SlackAppOptions {
  ctx: SlackContext;
  botToken: string;
  signingSecret: string;
  /** With both ids, Bolt never calls auth.test; without, it calls it once, before the first event. */
  botUserId?: string | undefined;
  botId?: string | undefined;
  apiUrl?: string | undefined;
  nowMs?: () => number;
  /** An app-level token (xapp-…): Socket Mode instead of the HTTP route. */
  appToken?: string | undefined;
  /** What the HTTP receiver's work after an ack waits on (HonoReceiverOptions.gate). */
  gate?: QuietGate | undefined;
  /** Customer channels: configured ones, the ticket reaction, the triage channels they may not be. */
  customers?: CustomerChannelSettings | undefined;
}

/** Bolt's logger interface onto ours (Bolt logs free-form arguments). */
function boltLogger(log: Logger): BoltLogger {
  const say =
    (level: "debug" | "info" | "warn" | "error") =>
    (...msg: unknown[]) =>
      log[level](msg.map(String).join(" "), { component: "bolt" });
  return {
    debug: say("debug"),
    info: say("info"),
    warn: say("warn"),
    error: say("error"),
    setLevel() {},
    getLevel: () => LogLevel.INFO,
    setName() {},
  };
}

/**
 * The bot's identity for Bolt (its ignore-self filter needs the bot's ids). Configured ids cost
 * nothing; otherwise one auth.test, remembered once it succeeds. Bolt's own token mode either
 * calls auth.test at construction and keeps a failure forever, or (with verification off) calls it
 * before every request's ack.
 * @see https://api.slack.com/methods/auth.test
 */
export function botAuthorize(
  token: string,
  ids: { botId?: string | undefined; botUserId?: string | undefined },
  client: WebClient,
): Authorize<boolean> {
  let known: Promise<{ botId: string; botUserId: string }> | null =
    ids.botId && ids.botUserId ? Promise.resolve({ botId: ids.botId, botUserId: ids.botUserId }) : null;
  return async () => {
    known ??= client.auth.test().then((r) => ({ botId: String(r.bot_id), botUserId: String(r.user_id) }));
    try {
      return { botToken: token, ...(await known) };
    } catch (e) {
      known = null;
      throw e;
    }
  };
}

/**
 * @see https://tools.slack.dev/bolt-js/reference#initialization-options
 */
export function createSlackApp(opts: SlackAppOptions): { app: App; receiver: HonoReceiver | SlackSocketReceiver } {
  const nowMs = opts.nowMs ?? Date.now;
  const receiver =
    opts.appToken !== undefined
      ? new SlackSocketReceiver({ appToken: opts.appToken, logger: boltLogger(opts.ctx.log) })
      : new HonoReceiver({
          signingSecret: opts.signingSecret,
          nowMs,
          log: opts.ctx.log,
          firstSighting: (key, ttlMs) => firstSightingOfRequest(opts.ctx.deps, key, ttlMs, new Date(nowMs())),
          answerEarly: submissionAnswer(opts.ctx),
          gate: opts.gate,
        });
  const app = new App({
    authorize: botAuthorize(opts.botToken, opts, slackClient(opts.botToken, { apiUrl: opts.apiUrl })),
    receiver,
    // No listener reads `context.conversation`; Bolt's default in-memory store would run a
    // middleware on every request before its ack, and would not be shared between replicas anyway.
    convoStore: false,
    logger: boltLogger(opts.ctx.log),
    clientOptions: {
      retryConfig: { retries: 0 },
      ...(opts.apiUrl ? { slackApiUrl: opts.apiUrl.endsWith("/") ? opts.apiUrl : `${opts.apiUrl}/` } : {}),
    },
  });
  app.error(async (e) => {
    // A replayed request's listener was stopped at its ack on purpose (the receiver logged it).
    if (e instanceof ReplayedRequest) return;
    opts.ctx.log.error("slack listener error", { err: e.message, code: e.code });
  });
  const customers = opts.customers ?? { configured: [], reaction: "ticket", triage: [] };
  // Global middleware runs before every listener: `/ticket connect` never reaches the router.
  app.use(connectCommand(opts.ctx, customers));
  registerCommands(app, opts.ctx);
  registerCardActions(app, opts.ctx);
  registerSubmissions(app, opts.ctx);
  registerThreadNotes(app, opts.ctx, customers);
  registerCustomerChannels(app, opts.ctx, customers);
  registerTicketReaction(app, opts.ctx, customers);
  registerHome(app, opts.ctx);
  registerSnippetPicker(app, opts.ctx);
  registerShortcuts(app, opts.ctx);
  registerSurveyActions(app, opts.ctx);
  registerLinkButtons(app);
  return { app, receiver };
}
