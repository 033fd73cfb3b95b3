// The Slack adapter's part of the configuration: its secrets from the environment and its
// triage channels from the config file. Parsed once by bot/ at start; nothing here reads
// process.env.
import { z } from "zod";

/**
 * Where new tickets' cards are posted. A ticket goes to the first entry naming its team, else the
 * first naming its pipeline, else the first naming neither (the catch-all).
 * @see https://api.slack.com/methods/chat.postMessage#arg_channel
 */
export const TriageChannel = z
  .object({
    /** A channel id (C…/G…), not a name: names change, ids do not. */
    channel: z.string().regex(/^[CG][A-Z0-9]{2,}$/, "must be a Slack channel id such as C0123ABCD"),
    pipelineId: z.string().optional(),
    teamId: z.string().optional(),
  })
  .refine((c) => !(c.pipelineId && c.teamId), "name a pipeline or a team, not both");
export type TriageChannel = z.infer<typeof TriageChannel>;

/**
 * A Slack user group whose members count as agents without being listed in `agents`. A member
 * acting for the first time becomes an Agent row (id `slack-<user id>`, named from users.info) in
 * the group's team, with the group's role; membership is checked with usergroups.users.list and
 * remembered in the database for `agentUserGroupsTtlSeconds`. An agent listed by slackUserId in
 * `agents` is that agent whatever groups they are in.
 * @see https://api.slack.com/methods/usergroups.users.list
 */
export const AgentUserGroup = z.object({
  usergroup: z.string().regex(/^S[A-Z0-9]{2,}$/, "must be a Slack user group id such as S0123ABCD"),
  /** The help desk team its members join (a team id from `teams`); none: they see unrestricted tickets only. */
  teamId: z.string().optional(),
  role: z.enum(["agent", "admin"]).default("agent"),
});
export type AgentUserGroup = z.infer<typeof AgentUserGroup>;

/**
 * A channel where customers write (a Slack Connect channel shared with a client, or one of ours):
 * each new top-level message from someone who is not an agent opens a ticket, answered in its
 * thread. `company` is the customers' company by its email domain, used when neither their address
 * nor their Slack Connect organisation names one; `pipelineId`/`teamId` route its tickets. Admins
 * connect more channels with `/ticket connect`.
 * @see https://api.slack.com/apis/channels-between-orgs
 */
export const CustomerChannel = z.object({
  channel: z.string().regex(/^[CG][A-Z0-9]{2,}$/, "must be a Slack channel id such as C0123ABCD"),
  company: z
    .string()
    .regex(/^([a-z0-9-]+\.)+[a-z]{2,}$/i, "must be the company's email domain, such as example.com")
    .optional(),
  pipelineId: z.string().optional(),
  teamId: z.string().optional(),
});
export type CustomerChannel = z.infer<typeof CustomerChannel>;

/** The `slack` section of the configuration file. */
export const SlackConfig = z.object({
  slack: z
    .object({
      triageChannels: z.array(TriageChannel).default([]),
      agentUserGroups: z.array(AgentUserGroup).default([]),
      /** How long a user group membership answer is trusted before Slack is asked again. */
      agentUserGroupsTtlSeconds: z.number().int().min(10).max(86_400).default(300),
      customerChannels: z.array(CustomerChannel).default([]),
      /**
       * The emoji (its name, without colons) an agent reacts with to turn a customer's message into a
       * ticket, in any customer channel.
       * @see https://api.slack.com/events/reaction_added
       */
      ticketReaction: z
        .string()
        .regex(/^:?[a-z0-9_+'-]+:?$/, "must be an emoji name such as ticket")
        .transform((r) => r.replace(/^:|:$/g, ""))
        .default("ticket"),
    })
    .superRefine((s, ctx) => {
      // The triage card is for agents' eyes only: it must never be posted where customers read.
      const triage = new Set(s.triageChannels.map((c) => c.channel));
      const seen = new Set<string>();
      s.customerChannels.forEach((c, i) => {
        if (triage.has(c.channel))
          ctx.addIssue({
            code: "custom",
            path: ["customerChannels", i, "channel"],
            message: `${c.channel} is a triage channel too; a customer channel must not show agents' cards`,
          });
        if (seen.has(c.channel))
          ctx.addIssue({ code: "custom", path: ["customerChannels", i, "channel"], message: `${c.channel} is listed twice` });
        seen.add(c.channel);
      });
    })
    .default({ triageChannels: [], agentUserGroups: [], agentUserGroupsTtlSeconds: 300, customerChannels: [], ticketReaction: "ticket" }),
});
export type SlackConfig = z.infer<typeof SlackConfig>["slack"];

/**
 * The environment the adapter needs. Without a token and signing secret the adapter is off.
 * The bot's ids, when given, spare Bolt the `auth.test` call it otherwise makes before the first
 * event (it cannot ack until that answers).
 * @see https://api.slack.com/authentication/verifying-requests-from-slack
 * @see https://api.slack.com/methods/auth.test
 */
export const SlackEnv = z.object({
  SLACK_BOT_TOKEN: z
    .string()
    .regex(/^xoxb-/, "must be a bot token (xoxb-…)")
    .optional(),
  SLACK_SIGNING_SECRET: z.string().min(16, "looks too short for a signing secret").optional(),
  SLACK_BOT_USER_ID: z
    .string()
    .regex(/^[UW][A-Z0-9]+$/)
    .optional(),
  SLACK_BOT_ID: z
    .string()
    .regex(/^B[A-Z0-9]+$/)
    .optional(),
  /** The workspace the agents belong to; users of other workspaces (Slack Connect) are refused. */
  SLACK_TEAM_ID: z
    .string()
    .regex(/^T[A-Z0-9]+$/)
    .optional(),
  /** The Web API base URL; only for a local stub in benchmarks. */
  SLACK_API_URL: z.url().optional(),
  /**
   * Socket Mode, for teams without a public URL: an app-level token (xapp-…, scope
   * connections:write) and SLACK_SOCKET_MODE=true. The signing secret is then not needed.
   * @see https://api.slack.com/apis/connections/socket
   */
  SLACK_APP_TOKEN: z
    .string()
    .regex(
      /^xapp-/,
      "must be an app-level token (xapp-…) with the connections:write scope, from the app's Basic Information → App-Level Tokens",
    )
    .optional(),
  SLACK_SOCKET_MODE: z.stringbool().default(false),
});
export type SlackEnv = z.infer<typeof SlackEnv>;

export interface SlackSettings {
  botToken: string;
  signingSecret: string;
  botUserId?: string | undefined;
  botId?: string | undefined;
  teamId?: string | undefined;
  apiUrl?: string | undefined;
  triageChannels: TriageChannel[];
  /** Slack user groups whose members are agents (see AgentUserGroup); none when absent. */
  agentUserGroups?: AgentUserGroup[] | undefined;
  agentUserGroupsTtlSeconds?: number | undefined;
  /** Socket Mode instead of POST /slack/events (signingSecret is then unused and may be ""). */
  socketMode?: { appToken: string } | undefined;
  /** The service's address as agents' browsers reach it (PUBLIC_URL): dashboard sign-in links start with it; none without. */
  publicUrl?: string | undefined;
  /** Channels whose customers' messages become tickets (see CustomerChannel); admins connect more from Slack. */
  customerChannels?: CustomerChannel[] | undefined;
  /** The emoji name an agent reacts with to make a customer's message a ticket; "ticket" when absent. */
  ticketReaction?: string | undefined;
}

/**
 * The adapter's settings from its parsed env and config section, or why it is off. bot/ parses
 * both with the rest of its settings (`SlackEnv` beside `Env`, `SlackConfig` from the config file
 * like the email adapter's section), so a bad value stops the process before anything serves.
 */
export function slackSettings(env: SlackEnv, cfg: SlackConfig): { ok: true; settings: SlackSettings } | { ok: false; off: string } {
  if (env.SLACK_SOCKET_MODE) {
    if (!env.SLACK_BOT_TOKEN || !env.SLACK_APP_TOKEN)
      return { ok: false, off: "SLACK_SOCKET_MODE is on but SLACK_BOT_TOKEN and SLACK_APP_TOKEN (xapp-…) are not both set" };
  } else if (!env.SLACK_BOT_TOKEN || !env.SLACK_SIGNING_SECRET) {
    return { ok: false, off: "SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET are not both set" };
  }
  if (!cfg.triageChannels.length) return { ok: false, off: "no slack.triageChannels in the configuration to post cards in" };
  return {
    ok: true,
    settings: {
      botToken: env.SLACK_BOT_TOKEN,
      signingSecret: env.SLACK_SIGNING_SECRET ?? "",
      botUserId: env.SLACK_BOT_USER_ID,
      botId: env.SLACK_BOT_ID,
      teamId: env.SLACK_TEAM_ID,
      apiUrl: env.SLACK_API_URL,
      triageChannels: cfg.triageChannels,
      agentUserGroups: cfg.agentUserGroups,
      agentUserGroupsTtlSeconds: cfg.agentUserGroupsTtlSeconds,
      customerChannels: cfg.customerChannels,
      ticketReaction: cfg.ticketReaction,
      socketMode: env.SLACK_SOCKET_MODE && env.SLACK_APP_TOKEN ? { appToken: env.SLACK_APP_TOKEN } : undefined,
    },
  };
}

/** The triage channel for a ticket, or null when none is configured for it. */
export function triageChannelFor(channels: readonly TriageChannel[], ticket: { pipelineId: string; teamId: string | null }): string | null {
  const byTeam = ticket.teamId ? channels.find((c) => c.teamId === ticket.teamId) : undefined;
  const byPipeline = channels.find((c) => c.pipelineId === ticket.pipelineId && !c.teamId);
  const fallback = channels.find((c) => !c.pipelineId && !c.teamId);
  return (byTeam ?? byPipeline ?? fallback)?.channel ?? null;
}
