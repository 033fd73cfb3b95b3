// Signed Slack requests in the formats Slack documents, for feeding the adapter in tests.
// @see https://api.slack.com/authentication/verifying-requests-from-slack
import { createHmac } from "node:crypto";

export const signingSecret = "test-signing-secret-0123456789";
export const teamId = "T0HELP";

let triggers = 0;
/**
 * A trigger id of its own for every request, as Slack gives each interaction and command: two
 * requests built alike in the same second are still two requests, not one sent twice.
 */
export const triggerId = (): string => `${13345224609 + ++triggers}.738474920.8088930838d88f008e0`;

export function sign(body: string, tsSec: number, secret = signingSecret): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${tsSec}:${body}`).digest("hex")}`;
}

export interface SignOptions {
  nowMs: number;
  /** Seconds to shift the timestamp by (stale requests). */
  skewSec?: number;
  secret?: string;
  headers?: Record<string, string>;
}

/** A POST to the Slack route, signed as Slack signs it. */
export function signedRequest(body: string, contentType: string, o: SignOptions): Request {
  const ts = Math.floor(o.nowMs / 1000) + (o.skewSec ?? 0);
  return new Request("http://helpdesk.test/slack/events", {
    method: "POST",
    headers: {
      "content-type": contentType,
      "x-slack-request-timestamp": String(ts),
      "x-slack-signature": sign(body, ts, o.secret),
      ...o.headers,
    },
    body,
  });
}

/** @see https://api.slack.com/interactivity/slash-commands#app_command_handling */
export function slashCommand(user: string, text: string, o: SignOptions): Request {
  const body = new URLSearchParams({
    token: "legacy",
    team_id: teamId,
    team_domain: "help",
    channel_id: "CTRIAGE",
    channel_name: "triage",
    user_id: user,
    user_name: user.toLowerCase(),
    command: "/ticket",
    text,
    api_app_id: "A0HELP",
    is_enterprise_install: "false",
    response_url: `https://hooks.slack.com/commands/${teamId}/1/resp-${user}`,
    trigger_id: triggerId(),
  }).toString();
  return signedRequest(body, "application/x-www-form-urlencoded", o);
}

function interaction(payload: object, o: SignOptions): Request {
  return signedRequest(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), "application/x-www-form-urlencoded", o);
}

const user = (id: string, userTeam = teamId) => ({ id, username: id.toLowerCase(), name: id.toLowerCase(), team_id: userTeam });

/** @see https://api.slack.com/reference/interaction-payloads/block-actions */
export function blockAction(userId: string, action: Record<string, unknown>, o: SignOptions & { userTeam?: string }): Request {
  return interaction(
    {
      type: "block_actions",
      user: user(userId, o.userTeam),
      api_app_id: "A0HELP",
      token: "legacy",
      container: { type: "message", message_ts: "1767600000.000100", channel_id: "CTRIAGE", is_ephemeral: false },
      trigger_id: triggerId(),
      team: { id: teamId, domain: "help" },
      enterprise: null,
      is_enterprise_install: false,
      channel: { id: "CTRIAGE", name: "triage" },
      message: { type: "message", ts: "1767600000.000100", text: "card" },
      state: { values: {} },
      response_url: `https://hooks.slack.com/actions/${teamId}/1/resp-${userId}`,
      actions: [{ action_ts: "1767600001.000000", ...action }],
    },
    o,
  );
}

/** Input values as view_submission carries them, by block id. */
export type ViewValues = Record<
  string,
  { type: string; value?: string; selected_option?: { value: string }; selected_options?: { value: string }[] }
>;

/** @see https://api.slack.com/reference/interaction-payloads/views#view_submission */
export function viewSubmission(
  userId: string,
  view: { callback_id: string; private_metadata?: string },
  values: ViewValues,
  o: SignOptions,
  type: "view_submission" | "view_closed" = "view_submission",
): Request {
  return interaction(
    {
      type,
      ...(type === "view_closed" ? { is_cleared: false } : {}),
      team: { id: teamId, domain: "help" },
      user: user(userId),
      api_app_id: "A0HELP",
      token: "legacy",
      trigger_id: triggerId(),
      view: {
        id: "VNHU13V36",
        team_id: teamId,
        type: "modal",
        blocks: [],
        private_metadata: view.private_metadata ?? "",
        callback_id: view.callback_id,
        state: { values: Object.fromEntries(Object.entries(values).map(([block, v]) => [block, { value: v }])) },
        hash: "156663117.cd33ad1f",
        title: { type: "plain_text", text: "Modal" },
        clear_on_close: false,
        notify_on_close: false,
        root_view_id: "VNHU13V36",
        app_id: "A0HELP",
        bot_id: "B0HELP",
      },
      response_urls: [],
      is_enterprise_install: false,
      enterprise: null,
    },
    o,
  );
}

/** @see https://api.slack.com/apis/connections/events-api#callback-field */
export function eventCallback(eventId: string, event: Record<string, unknown>, o: SignOptions): Request {
  const body = JSON.stringify({
    token: "legacy",
    team_id: teamId,
    api_app_id: "A0HELP",
    event: { event_ts: event.ts, ...event },
    type: "event_callback",
    event_id: eventId,
    event_time: Math.floor(o.nowMs / 1000),
    authorizations: [{ enterprise_id: null, team_id: teamId, user_id: "U0BOT", is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
    event_context: `4-${eventId}`,
  });
  return signedRequest(body, "application/json", o);
}
