// Signed message shortcut requests (`message_action`), in the format Slack documents.
// @see https://api.slack.com/reference/interaction-payloads/shortcuts#message_actions
import { shortcutIds } from "../shortcuts.js";
import type { SlackTestApp } from "./app.js";
import { sign, teamId, triggerId, type SignOptions } from "./requests.js";
import type { FakeSlackApi } from "./slack-api.js";

/** The message the shortcut was used on, as Slack describes it in the payload. */
export interface ShortcutMessage {
  user?: string;
  bot_id?: string;
  text: string;
  ts: string;
  thread_ts?: string;
  user_profile?: { real_name?: string; display_name?: string; name?: string };
}

export function messageAction(
  userId: string,
  callbackId: string,
  channel: string,
  message: ShortcutMessage,
  o: SignOptions & { userTeam?: string },
): Request {
  const payload = {
    type: "message_action",
    token: "legacy",
    action_ts: "1767600300.000001",
    team: { id: teamId, domain: "help" },
    user: { id: userId, username: userId.toLowerCase(), team_id: o.userTeam ?? teamId, name: userId.toLowerCase() },
    channel: { id: channel, name: channel.toLowerCase() },
    is_enterprise_install: false,
    enterprise: null,
    callback_id: callbackId,
    trigger_id: triggerId(),
    response_url: `https://hooks.slack.com/app/${teamId}/2/resp-${userId}`,
    message_ts: message.ts,
    message: {
      client_msg_id: "a1b2c3d4-0000-4000-8000-000000000001",
      type: "message",
      team: teamId,
      blocks: [
        { type: "rich_text", block_id: "rt1", elements: [{ type: "rich_text_section", elements: [{ type: "text", text: message.text }] }] },
      ],
      ...message,
    },
  };
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  const ts = Math.floor(o.nowMs / 1000) + (o.skewSec ?? 0);
  return new Request("http://helpdesk.test/slack/events", {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-slack-request-timestamp": String(ts),
      "x-slack-signature": sign(body, ts, o.secret),
      ...o.headers,
    },
    body,
  });
}

/** What the message shortcut tests share, for the suite's app and fake Web API (read when called). */
export function shortcutHelpers(current: () => { s: SlackTestApp; api: FakeSlackApi }) {
  const o = () => ({ nowMs: current().s.nowMs() });
  let tsSeq = 100;
  return {
    o,
    /** The text of the last response_url answer. */
    lastAnswer: () => String(current().api.responses.at(-1)?.body.text ?? ""),
    /** A fresh message timestamp. */
    nextTs: () => `1767601000.${String(++tsSeq).padStart(6, "0")}`,
    /** Slack's users.info answer for the customer Carol. */
    carolInfo: () =>
      current().api.next(
        "users.info",
        [
          200,
          {
            ok: true,
            user: { id: "U0CAROL", name: "carol", real_name: "Carol C", profile: { real_name: "Carol Customer", display_name: "carol" } },
          },
        ],
        { user: "U0CAROL" },
      ),
    /** "Create ticket" on a message. */
    create: (user: string, channel: string, message: ShortcutMessage, extra: { userTeam?: string } = {}) =>
      current().s.send(messageAction(user, shortcutIds.createTicket, channel, message, { ...o(), ...extra })),
    /** "Send as reply" on a message. */
    sendAsReply: (user: string, channel: string, message: ShortcutMessage) =>
      current().s.send(messageAction(user, shortcutIds.sendAsReply, channel, message, o())),
  };
}
