// Customer-channel payloads in the shapes Slack documents, for the customer-channel tests: a
// customer's message, an agent's reaction, `/ticket` typed in a channel, and Slack's users.info
// answer telling a user's workspace.
import { testConfigInput } from "../../../test/harness.js";
import type { SlackTestApp } from "./app.js";
import { signedRequest, teamId, triggerId } from "./requests.js";
import type { FakeSlackApi } from "./slack-api.js";

/** The test directory with Ada (an admin) on Slack as U0ADA; Bob is U0BOB. */
export const customerConfig = {
  ...testConfigInput,
  agents: testConfigInput.agents.map((a) => (a.id === "ada" ? { ...a, slackUserId: "U0ADA" } : a)),
};

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
