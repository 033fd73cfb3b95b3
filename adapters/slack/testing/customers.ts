// Customer-channel payloads in the shapes Slack documents, for the customer-channel tests: a
// customer's message, an agent's reaction, `/ticket` typed in a channel, and Slack's users.info
// answer telling a user's workspace; and the set-up these tests share.
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { testConfigInput, testCore, type TestCore } from "../../../test/harness.js";
import type { SlackSettings } from "../index.js";
import { slackTestApp, type SlackTestApp } from "./app.js";
import { signedRequest, teamId, triggerId } from "./requests.js";
import { fakeSlackApi, type FakeSlackApi } from "./slack-api.js";

/** The test directory with Ada (an admin) on Slack as U0ADA; Bob is U0BOB. */
export const customerConfig = {
  ...testConfigInput,
  agents: testConfigInput.agents.map((a) => (a.id === "ada" ? { ...a, slackUserId: "U0ADA" } : a)),
};

/** What a customer-channel test works with. */
export interface CustomerChannelApp {
  t: TestCore;
  s: SlackTestApp;
  /** Fresh for each test, and checked after it for answers left unused. */
  api: FakeSlackApi;
}

/**
 * Registers the hooks of a customer-channel test file: one test core (the directory above) and one
 * Slack app per file, with CCUST the customer channel of globex.test (`settings` adds to or
 * overrides that), and a fresh fake Slack API for every test. `use` receives them when the app is
 * made and again with each test's fresh API.
 */
export function useCustomerChannelApp(use: (app: CustomerChannelApp) => void, settings: Partial<SlackSettings> = {}): void {
  const app = {} as CustomerChannelApp;
  beforeAll(async () => {
    app.t = await testCore(customerConfig);
    app.s = slackTestApp(app.t, { customerChannels: [{ channel: "CCUST", company: "globex.test" }], ...settings });
    use(app);
  });
  afterAll(() => app.t.close());
  beforeEach(() => {
    app.api = fakeSlackApi();
    use(app);
  });
  afterEach(() => app.api.done());
}

let seq = 0;
/** A message ts of its own for every call. */
export const nextTs = () => `1767605${String(++seq).padStart(3, "0")}.000100`;

/** @see https://api.slack.com/events/message */
export const channelMessage = (channel: string, user: string, text: string, extra: Record<string, unknown> = {}) => ({
  type: "message",
  channel,
  channel_type: "channel",
  user,
  text,
  ts: nextTs(),
  team: teamId,
  ...extra,
});

/** @see https://api.slack.com/events/reaction_added */
export const reactionAdded = (user: string, channel: string, ts: string, extra: Record<string, unknown> = {}) => ({
  type: "reaction_added",
  user,
  reaction: "ticket",
  item_user: "U0GIL",
  item: { type: "message", channel, ts },
  event_ts: nextTs(),
  ...extra,
});

/** Slack's users.info answer that `user` belongs to `team` (ours by default), with their profile. */
export function memberOf(api: FakeSlackApi, user: string, team = teamId, profile: Record<string, unknown> = {}): void {
  api.next("users.info", [200, { ok: true, user: { id: user, team_id: team, profile } }], { user });
}

/**
 * `/ticket …` typed by `user` in `channel`, sent from workspace `team` (ours by default).
 * @see https://api.slack.com/interactivity/slash-commands#app_command_handling
 */
export function channelCommand(s: SlackTestApp, user: string, channel: string, text: string, team = teamId): Request {
  const body = new URLSearchParams({
    team_id: team,
    channel_id: channel,
    user_id: user,
    command: "/ticket",
    text,
    api_app_id: "A0HELP",
    response_url: `https://hooks.slack.com/commands/${team}/1/resp-${user}`,
    trigger_id: triggerId(),
  }).toString();
  return signedRequest(body, "application/x-www-form-urlencoded", { nowMs: s.nowMs() });
}
