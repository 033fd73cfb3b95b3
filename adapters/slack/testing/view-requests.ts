// Signed block_actions from a view (the App Home tab or a modal) and view_submission payloads with
// any action ids, in the formats Slack documents, for feeding the adapter in tests.
// @see https://api.slack.com/reference/interaction-payloads/block-actions
// @see https://api.slack.com/reference/interaction-payloads/views
import { sign, signingSecret, teamId, triggerId, type SignOptions } from "./requests.js";

/** view.state.values as Slack sends them: block id → action id → element state. */
export type StateValues = Record<
  string,
  Record<string, { type: string; value?: string | null; selected_option?: { value: string } | null }>
>;

function signed(payload: object, o: SignOptions): Request {
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  const ts = Math.floor(o.nowMs / 1000) + (o.skewSec ?? 0);
  return new Request("http://helpdesk.test/slack/events", {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-slack-request-timestamp": String(ts),
      "x-slack-signature": sign(body, ts, o.secret ?? signingSecret),
      ...o.headers,
    },
    body,
  });
}

const user = (id: string, userTeam = teamId) => ({ id, username: id.toLowerCase(), name: id.toLowerCase(), team_id: userTeam });

export interface ViewShape {
  id: string;
  type: "home" | "modal";
  callback_id?: string;
  private_metadata?: string;
  blocks?: unknown[];
  values?: StateValues;
  hash?: string;
}

function viewObject(v: ViewShape) {
  return {
    id: v.id,
    team_id: teamId,
    type: v.type,
    blocks: v.blocks ?? [],
    private_metadata: v.private_metadata ?? "",
    callback_id: v.callback_id ?? "",
    state: { values: v.values ?? {} },
    hash: v.hash ?? "1767600000.abcdef12",
    title: { type: "plain_text", text: v.type === "home" ? "Home" : "Modal" },
    clear_on_close: false,
    notify_on_close: false,
    close: null,
    submit: null,
    previous_view_id: null,
    root_view_id: v.id,
    app_id: "A0HELP",
    external_id: "",
    app_installed_team_id: teamId,
    bot_id: "B0BOT",
  };
}

/**
 * block_actions from an element inside a view: container `view`, the view itself, no channel,
 * no message, and (for the Home tab and modals) no response_url.
 */
export function viewBlockAction(
  userId: string,
  view: ViewShape,
  action: Record<string, unknown>,
  o: SignOptions & { userTeam?: string },
): Request {
  return signed(
    {
      type: "block_actions",
      user: user(userId, o.userTeam),
      api_app_id: "A0HELP",
      token: "legacy",
      container: { type: "view", view_id: view.id },
      trigger_id: triggerId(),
      team: { id: teamId, domain: "help" },
      enterprise: null,
      is_enterprise_install: false,
      view: viewObject(view),
      actions: [{ action_ts: "1767600001.000000", ...action }],
    },
    o,
  );
}

/** view_submission with state values keyed by the real action ids. */
export function modalSubmission(userId: string, view: ViewShape, o: SignOptions): Request {
  return signed(
    {
      type: "view_submission",
      team: { id: teamId, domain: "help" },
      user: user(userId),
      api_app_id: "A0HELP",
      token: "legacy",
      trigger_id: triggerId(),
      view: viewObject(view),
      response_urls: [],
      is_enterprise_install: false,
      enterprise: null,
    },
    o,
  );
}
