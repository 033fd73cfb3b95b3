// The Slack adapter's public face for bot/: the HTTP route (or the Socket Mode connection), the
// outbox target, and its settings.
import type { Context, Env, Hono, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { slackClient } from "./api.js";
import { createSlackApp } from "./bolt-app.js";
import { newWorkerId } from "./context.js";
import { SlackSocketReceiver, SocketLease } from "./socket-mode.js";
import type { SlackSettings } from "./config.js";
import { slackDeliveryTarget } from "./target.js";
import { slackAgentGroups, type AgentGroupResolver } from "./user-groups.js";
import { SlackLocales } from "./user-locale.js";
import { type AttachmentUrl, type CoreDeps, type DeliveryTarget, type Logger, type QuietGate, silentLogger } from "../../core/index.js";

export {
  SlackConfig,
  SlackEnv,
  slackSettings,
  type SlackSettings,
  type TriageChannel,
  type AgentUserGroup,
  type CustomerChannel,
} from "./config.js";

export interface SlackAdapterOptions {
  deps: CoreDeps;
  log: Logger;
  settings: SlackSettings;
  /** The clock request signatures are checked against; Date.now unless a test pins it. */
  nowMs?: () => number;
  /**
   * The service's gate: what the listeners do after their acks waits for a pause in incoming
   * requests (and marks each Slack request as one). Without it the receiver keeps its own.
   */
  gate?: QuietGate | undefined;
  /**
   * Socket Mode instead of `POST /slack/events`; by default `settings.socketMode` (from
   * SLACK_SOCKET_MODE and SLACK_APP_TOKEN). The token must be an app-level `xapp-` token.
   * `singleHolder` (default true) keeps the socket on one replica through the database lease
   * `slack:socket`; the lease lasts `leaseTtlMs` (30 s) and is renewed every `leaseRenewMs` (10 s).
   */
  socketMode?: { appToken: string; singleHolder?: boolean; leaseTtlMs?: number; leaseRenewMs?: number } | undefined;
}

/** What bot/ mounts and registers. */
export interface SlackAdapter {
  /** How Slack reaches this process. */
  mode: "http" | "socket";
  /** Mounts `POST /slack/events` (Events API, interactivity and slash commands) on the app; in Socket Mode, nothing. */
  route<E extends Env>(app: Hono<E>): void;
  /** Socket Mode: takes the lease (or waits for it) and opens the socket. HTTP mode: nothing to do. */
  start(): Promise<void>;
  /** The `slack` delivery target for the outbox dispatcher. */
  target: DeliveryTarget;
  /** Closes the socket and hands on its lease (Socket Mode), then waits for listeners still working after their ack. */
  stop(): Promise<void>;
}

/**
 * The Slack adapter. In HTTP mode it is stateless, so any replica may take any request; in Socket
 * Mode (settings.socketMode or the socketMode option) it mounts no route and start() opens the
 * socket on the replica holding the `slack:socket` lease.
 * @see https://api.slack.com/apis/connections/events-api
 * @see https://api.slack.com/interactivity/handling
 */
export function createSlackAdapter(opts: SlackAdapterOptions): SlackAdapter {
  const { settings } = opts;
  const log = opts.log.child({ component: "slack" });
  const socketMode: SlackAdapterOptions["socketMode"] = opts.socketMode ?? settings.socketMode;
  const workerId = newWorkerId();
  const locales = new SlackLocales({ catalog: opts.deps.catalog, log });
  const { receiver } = createSlackApp({
    ctx: {
      deps: opts.deps,
      log,
      teamId: settings.teamId,
      workerId,
      agentGroups: agentGroupsFor(opts.deps, log, settings),
      locales,
      publicUrl: settings.publicUrl,
    },
    botToken: settings.botToken,
    signingSecret: settings.signingSecret,
    botUserId: settings.botUserId,
    botId: settings.botId,
    apiUrl: settings.apiUrl,
    nowMs: opts.nowMs,
    appToken: socketMode?.appToken,
    gate: opts.gate,
    customers: {
      configured: settings.customerChannels ?? [],
      reaction: settings.ticketReaction ?? "ticket",
      triage: settings.triageChannels.map((c) => c.channel),
    },
  });
  const target = createSlackTarget(opts.deps, settings, log, undefined, locales);
  if (receiver instanceof SlackSocketReceiver) {
    const lease =
      socketMode?.singleHolder === false
        ? null
        : new SocketLease({
            deps: opts.deps,
            log,
            workerId,
            connect: () => receiver.start(),
            disconnect: () => receiver.stop(),
            ttlMs: socketMode?.leaseTtlMs,
            renewMs: socketMode?.leaseRenewMs,
          });
    return {
      mode: "socket",
      route() {
        log.info("slack in Socket Mode: POST /slack/events is not mounted");
      },
      start: () => (lease ? lease.start() : receiver.start()),
      target,
      stop: async () => {
        if (lease) await lease.stop();
        else await receiver.stop();
        await receiver.idle();
      },
    };
  }
  return {
    mode: "http",
    start: async () => {},
    route(app) {
      // Slack's payloads are small; anything this large is not from Slack. Slack always sends a
      // Content-Length, which is checked as is: hono's bodyLimit reads `request.body`, which on
      // node makes a full fetch Request (a third of a millisecond per ack); it still guards a
      // chunked body.
      const maxSize = 1 << 20;
      const tooLarge = (c: Context) => c.json({ error: "too large" }, 413);
      const streamed = bodyLimit({ maxSize, onError: tooLarge });
      const limit: MiddlewareHandler = (c, next) => {
        const length = c.req.header("content-length");
        if (length === undefined || c.req.header("transfer-encoding") !== undefined) return streamed(c, next);
        return /^\d+$/.test(length) && Number(length) <= maxSize ? next() : Promise.resolve(tooLarge(c));
      };
      app.post("/slack/events", limit, (c) => receiver.handle(c.req.raw));
    },
    target,
    stop: () => receiver.stop(),
  };
}

/**
 * The `slack` delivery target alone, for a target registry that builds targets separately.
 * `attachmentUrl` links the attachments listed in card threads (names and sizes only without it).
 */
export function createSlackTarget(
  deps: CoreDeps,
  settings: SlackSettings,
  log?: Logger,
  attachmentUrl?: AttachmentUrl,
  locales = new SlackLocales({ catalog: deps.catalog, log: log ?? silentLogger }),
): DeliveryTarget {
  return slackDeliveryTarget({
    locales,
    deps,
    client: slackClient(settings.botToken, { apiUrl: settings.apiUrl }),
    triageChannels: settings.triageChannels,
    customerChannels: settings.customerChannels,
    attachmentUrl,
    ...(log ? { log } : {}),
  });
}

/** Agents by Slack user group, when the config names any. */
function agentGroupsFor(deps: CoreDeps, log: Logger, settings: SlackSettings): AgentGroupResolver | undefined {
  if (!settings.agentUserGroups?.length) return undefined;
  const client = slackClient(settings.botToken, { apiUrl: settings.apiUrl });
  return slackAgentGroups({
    deps,
    log,
    client,
    groups: settings.agentUserGroups,
    ttlMs: (settings.agentUserGroupsTtlSeconds ?? 300) * 1000,
  });
}
