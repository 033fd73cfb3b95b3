// The Slack adapter's public face for bot/: the HTTP route, the outbox target, and its settings.
import type { Env, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { CoreDeps } from "../../core/deps.js";
import type { Logger } from "../../core/log.js";
import type { DeliveryTarget } from "../../core/outbox/delivery.js";
import { slackClient } from "./api.js";
import { createSlackApp } from "./bolt-app.js";
import { newWorkerId } from "./context.js";
import type { SlackSettings } from "./config.js";
import { slackDeliveryTarget } from "./target.js";

export { SlackConfig, SlackEnv, slackSettings, type SlackSettings, type TriageChannel } from "./config.js";

export interface SlackAdapterOptions {
  deps: CoreDeps;
  log: Logger;
  settings: SlackSettings;
  /** The clock request signatures are checked against; Date.now unless a test pins it. */
  nowMs?: () => number;
}

/** What bot/ mounts and registers. */
export interface SlackAdapter {
  /** Mounts `POST /slack/events` (Events API, interactivity and slash commands) on the app. */
  route<E extends Env>(app: Hono<E>): void;
  /** The `slack` delivery target for the outbox dispatcher. */
  target: DeliveryTarget;
  /** Waits for listeners still working after their ack. */
  stop(): Promise<void>;
}

/**
 * The Slack adapter in HTTP mode: stateless, so any replica may take any request.
 * @see https://api.slack.com/apis/connections/events-api
 * @see https://api.slack.com/interactivity/handling
 */
export function createSlackAdapter(opts: SlackAdapterOptions): SlackAdapter {
  const { settings } = opts;
  const log = opts.log.child({ component: "slack" });
  const { receiver } = createSlackApp({
    ctx: { deps: opts.deps, log, teamId: settings.teamId, workerId: newWorkerId() },
    botToken: settings.botToken,
    signingSecret: settings.signingSecret,
    botUserId: settings.botUserId,
    botId: settings.botId,
    apiUrl: settings.apiUrl,
    nowMs: opts.nowMs,
  });
  const target = createSlackTarget(opts.deps, settings);
  return {
    route(app) {
      // Slack's payloads are small; anything this large is not from Slack.
      const limit = bodyLimit({ maxSize: 1 << 20, onError: (c) => c.json({ error: "too large" }, 413) });
      app.post("/slack/events", limit, (c) => receiver.handle(c.req.raw));
    },
    target,
    stop: () => receiver.stop(),
  };
}

/** The `slack` delivery target alone, for a target registry that builds targets separately. */
export function createSlackTarget(deps: CoreDeps, settings: SlackSettings): DeliveryTarget {
  return slackDeliveryTarget({ deps, client: slackClient(settings.botToken, { apiUrl: settings.apiUrl }), triageChannels: settings.triageChannels });
}
