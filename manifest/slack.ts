// The Slack app manifest, generated from the action catalogue and what the Slack adapter wires.
// @see https://api.slack.com/reference/manifests
import { actionNames, actionText } from "../core/actions/catalog.js";
import { Formats } from "../core/i18n/format.js";
import type { Locale } from "../core/i18n/locale.js";
import { msg, render, type Msg } from "../core/i18n/translate.js";
import { commandUsage } from "../adapters/slack/commands.js";
import { connectHelp } from "../adapters/slack/connect-command.js";
import { messageShortcuts } from "../adapters/slack/shortcuts.js";

/** The placeholder in the committed manifest; `npm run manifest -- --url https://…` prints a real one. */
export const placeholderUrl = "https://helpdesk.example.com";

/**
 * Bot scopes, each for what uses it.
 * @see https://api.slack.com/scopes
 */
const botScopes = {
  /** Cards, thread mirrors, DMs to agents (posting to a user id), ephemeral refusals. */
  "chat:write": true,
  /** `/ticket`. */
  commands: true,
  /** The satisfaction survey sent to a requester who wrote in Slack: conversations.open of their direct conversation. */
  "im:write": true,
  /** Agents' messages in card threads (public and private triage channels) become notes. */
  "channels:history": true,
  "groups:history": true,
  /** The name of a message's author when the "Create ticket" shortcut makes them the requester;
   * the name of a user group member who becomes an agent (`slack.agentUserGroups`). */
  "users:read": true,
  /** Members of `slack.agentUserGroups` act as agents (usergroups.users.list). */
  "usergroups:read": true,
  /** Customer channels: the status reaction on a customer's message, and the agents' ticket reaction (reaction_added). */
  "reactions:write": true,
  "reactions:read": true,
  /** Customer channels: a customer's address, so their contact is the one their emails have. */
  "users:read.email": true,
  /** Customer channels: the name and domain of a Slack Connect customer's organisation, their company. */
  "team:read": true,
  /** Customer channels: the content of the files a customer shares, kept on their ticket. */
  "files:read": true,
} as const;

/** What each message shortcut is called and says, by its callback id. */
const shortcutTexts: Record<string, { name: Msg; description: Msg }> = {
  [messageShortcuts[0].callback_id]: { name: msg("commands.createTicketShortcut"), description: msg("commands.createTicketShortcutHelp") },
  [messageShortcuts[1].callback_id]: { name: msg("commands.sendAsReply"), description: msg("commands.sendAsReplyShortcutHelp") },
};

/**
 * The manifest in one language. A Slack app has one name and description per text, so a
 * workspace that works in Japanese installs the Japanese one (`manifest/slack-app.ja.json`).
 */
export function slackManifest(baseUrl: string = placeholderUrl, locale: Locale = "en") {
  const f = new Formats(locale);
  const t = (m: Msg) => render(m, f);
  const requestUrl = `${baseUrl.replace(/\/$/, "")}/slack/events`;
  const subcommands = actionNames.map((n) => commandUsage[n].split(" ")[0]);
  return {
    _metadata: { major_version: 1, minor_version: 1 },
    display_information: {
      name: t(msg("commands.appName")),
      description: t(msg("commands.appDescription")),
      long_description: [
        t(msg("commands.appIntro")),
        t(msg("commands.appActionsIntro")),
        ...actionNames.map((n) => `• ${actionText(n, locale).label}: ${actionText(n, locale).description}`),
      ].join("\n"),
      background_color: "#1f2d3d",
    },
    features: {
      app_home: { home_tab_enabled: true, messages_tab_enabled: true, messages_tab_read_only_enabled: true },
      bot_user: { display_name: "helpdesk", always_online: true },
      shortcuts: messageShortcuts.map((sc) => ({
        ...sc,
        name: t(shortcutTexts[sc.callback_id]!.name),
        description: t(shortcutTexts[sc.callback_id]!.description),
      })),
      slash_commands: [
        {
          command: "/ticket",
          url: requestUrl,
          description: t(msg("commands.slashCommand")),
          usage_hint: `${[...new Set([...subcommands, ...connectHelp.map((c) => c.usage)])].join(" | ")} | help`,
          // Mentions arrive as <@U…> ids, so `/ticket assign #12 @name` names the agent exactly.
          should_escape: true,
        },
      ],
    },
    oauth_config: { scopes: { bot: Object.keys(botScopes) } },
    settings: {
      event_subscriptions: {
        request_url: requestUrl,
        bot_events: ["message.channels", "message.groups", "app_home_opened", "reaction_added"],
      },
      interactivity: { is_enabled: true, request_url: requestUrl },
      org_deploy_enabled: false,
      socket_mode_enabled: false,
      token_rotation_enabled: false,
    },
  };
}

/** The committed file's text: stable key order, two-space indent, trailing newline. */
export function slackManifestText(baseUrl?: string, locale: Locale = "en"): string {
  return `${JSON.stringify(slackManifest(baseUrl, locale), null, 2)}\n`;
}
