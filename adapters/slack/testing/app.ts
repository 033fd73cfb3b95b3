// A hono app with the Slack adapter mounted, on a test core, with a pinned clock.
import { Hono } from "hono";
import { silentLogger } from "../../../core/index.js";
import { OutboxDispatcher } from "../../../core/index.js";
import type { TestCore } from "../../../test/harness.js";
import { createSlackAdapter, type SlackAdapter, type SlackSettings } from "../index.js";
import { signingSecret, teamId } from "./requests.js";

export interface SlackTestApp {
  http: Hono;
  adapter: SlackAdapter;
  dispatcher: OutboxDispatcher;
  nowMs(): number;
  /** Sends a request and waits for the work listeners do after their ack. */
  send(req: Request): Promise<Response>;
}

export function slackTestApp(t: TestCore, extra: Partial<SlackSettings> = {}): SlackTestApp {
  const http = new Hono();
  const nowMs = () => t.deps.now().getTime();
  const adapter = createSlackAdapter({
    deps: t.deps,
    log: silentLogger,
    nowMs,
    settings: {
      botToken: "xoxb-test",
      signingSecret,
      botUserId: "U0BOT",
      botId: "B0BOT",
      teamId,
      triageChannels: [{ channel: "CTRIAGE" }],
      ...extra,
    },
  });
  adapter.route(http);
  const dispatcher = new OutboxDispatcher({ deps: t.deps, targets: { slack: adapter.target }, log: silentLogger });
  return {
    http,
    adapter,
    dispatcher,
    nowMs,
    async send(req) {
      const res = await http.request(req);
      await adapter.stop();
      return res;
    },
  };
}
