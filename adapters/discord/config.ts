// The Discord adapter's part of the configuration: its secrets from the environment and its
// forum channels from the config file. Parsed once by bot/ at start; nothing here reads
// process.env (the command registration script parses it with the same schema).
import { z } from "zod";

/**
 * A Discord id: a 64-bit integer written in decimal, 17 to 20 digits today.
 * @see https://discord.com/developers/docs/reference#snowflakes
 */
export const Snowflake = z.string().regex(/^\d{17,20}$/, "must be a Discord id (17 to 20 digits; Developer Mode → Copy ID)");

/**
 * A forum channel where tickets become posts. A ticket goes to the first entry naming its team,
 * else the first naming its pipeline, else the first naming neither (the catch-all).
 * @see https://discord.com/developers/docs/resources/channel#start-thread-in-forum-or-media-channel
 */
export const DiscordForum = z
  .object({
    /** The forum channel's id, not its name: names change, ids do not. */
    channel: Snowflake,
    pipelineId: z.string().optional(),
    teamId: z.string().optional(),
  })
  .refine((f) => !(f.pipelineId && f.teamId), "name a pipeline or a team, not both");
export type DiscordForum = z.infer<typeof DiscordForum>;

/** What a support panel's form asks: a label in one language or per language (a modal label holds 45 characters). */
const PanelLabel = z.union([
  z.string().trim().min(1).max(45),
  z
    .strictObject({ en: z.string().trim().min(1).max(45).optional(), ja: z.string().trim().min(1).max(45).optional() })
    .refine((l) => l.en !== undefined || l.ja !== undefined, "give the label in at least one language (en, ja)"),
]);

/**
 * A question the support panel's form asks besides the subject and the description; the answer
 * is added to the ticket's first message under the question's label.
 * @see https://discord.com/developers/docs/components/reference#text-input
 */
export const PanelQuestion = z.strictObject({
  /** The field's id in the form (lowercase letters, digits, `_`). */
  id: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,39}$/, "must be lowercase letters, digits or _ (at most 40)")
    .refine((id) => id !== "subject" && id !== "description", "subject and description are asked already"),
  label: PanelLabel,
  /** A one-line answer (`short`) or several lines (`paragraph`). */
  style: z.enum(["short", "paragraph"]).default("short"),
  required: z.boolean().default(false),
});
export type PanelQuestion = z.infer<typeof PanelQuestion>;

/** A panel posted in one channel whose tickets go elsewhere than the others' (billing questions to the billing team, say). */
export const PanelChannel = z.strictObject({
  /** The channel the panel is posted in. */
  channel: Snowflake,
  pipelineId: z.string().min(1).optional(),
  teamId: z.string().min(1).optional(),
});
export type PanelChannel = z.infer<typeof PanelChannel>;

/** How long a customer's form submission holds their place at the panel by default: ten minutes. */
export const defaultRepeatWindowSeconds = 600;

/** How long a second submission waits for the first to open its ticket (panel-ticket.ts). */
export const panelSettleWaitSeconds = 5;

/**
 * The support panel (`/ticket panel`): the extra questions of its form (Discord takes five fields,
 * two are ours), where its tickets go, and how long a submission points a second one from the
 * same customer at its ticket instead of opening another.
 */
export const DiscordPanel = z.strictObject({
  questions: z
    .array(PanelQuestion)
    .max(3, "a form holds five fields: subject, description and at most 3 questions")
    .default([])
    .refine((qs) => new Set(qs.map((q) => q.id)).size === qs.length, "a question id is used twice"),
  /** The pipeline its tickets enter (the default pipeline without); checked against the pipelines at start. */
  pipelineId: z.string().min(1).optional(),
  /** The team its tickets belong to (none without), so their cards go to that team's forum; checked at start. */
  teamId: z.string().min(1).optional(),
  /**
   * Seconds during which a customer's second submission (a double click, a second try) is answered
   * with a link to the ticket the first opened, while it is open; 0 lets every submission open one.
   */
  // Shorter than a second submission's wait, a window would end while that one still waits.
  repeatWindowSeconds: z
    .number()
    .int()
    .min(0)
    .max(86_400)
    .refine((s) => s === 0 || s >= panelSettleWaitSeconds, `0 (off) or at least ${panelSettleWaitSeconds} seconds`)
    .default(defaultRepeatWindowSeconds),
  /** Panels in these channels route their tickets their own way (the pipeline and team above elsewhere). */
  channels: z
    .array(PanelChannel)
    .default([])
    .refine((cs) => new Set(cs.map((c) => c.channel)).size === cs.length, "a panel channel is listed twice"),
});
export type DiscordPanel = z.infer<typeof DiscordPanel>;

const noPanel: DiscordPanel = { questions: [], repeatWindowSeconds: defaultRepeatWindowSeconds, channels: [] };

/** Where the tickets of the panel in `channelId` go: its channel's entry, else the panel's own pipeline and team. */
export function panelRoute(
  panel: DiscordPanel | undefined,
  channelId: string,
): { pipelineId?: string | undefined; teamId?: string | undefined } {
  const own = panel?.channels.find((c) => c.channel === channelId);
  return own ? { pipelineId: own.pipelineId, teamId: own.teamId } : { pipelineId: panel?.pipelineId, teamId: panel?.teamId };
}

/** The `discord` section of the configuration file. */
export const DiscordConfig = z.object({
  discord: z
    .object({
      forums: z
        .array(DiscordForum)
        .default([])
        .refine((fs) => new Set(fs.map((f) => f.channel)).size === fs.length, "a forum channel is listed twice"),
      panel: DiscordPanel.default(noPanel),
    })
    .default({ forums: [], panel: noPanel }),
});
export type DiscordConfig = z.infer<typeof DiscordConfig>["discord"];

/**
 * The environment the adapter needs. Without a token the adapter is off.
 * @see https://discord.com/developers/docs/topics/oauth2#bot-users
 */
export const DiscordEnv = z.object({
  /** The bot token (Developer Portal → Bot → Reset Token). */
  DISCORD_TOKEN: z
    .string()
    .trim()
    .regex(/^[\w-]+\.[\w-]+\.[\w-]+$/, 'must be a bot token (three dot-separated parts), without a "Bot " prefix')
    .optional(),
  /** The application's id (Developer Portal → General Information → Application ID). */
  DISCORD_APPLICATION_ID: Snowflake.optional(),
  /** The server the help desk lives in; commands are registered there (instantly) when set. */
  DISCORD_GUILD_ID: Snowflake.optional(),
  /** Members with this role count as agents without being listed in `agents`. */
  DISCORD_AGENT_ROLE_ID: Snowflake.optional(),
  /**
   * The REST base (discord.js's `api`, default https://discord.com/api; `/v10` is added), for local
   * stubs and proxies. The gateway's address comes from this REST's `GET /gateway/bot`, as with
   * Discord itself, so one local fake can serve both.
   * @see https://discord.com/developers/docs/events/gateway#get-gateway-bot
   */
  DISCORD_API_URL: z
    .url({ protocol: /^https?$/, error: "must be an http(s) URL such as https://discord.com/api" })
    .transform((u) => u.replace(/\/+$/, ""))
    .optional(),
  /**
   * How long the gateway lease lasts without renewal: a standby replica takes over within about
   * this and a third (the renewal interval) after its holder dies.
   */
  DISCORD_GATEWAY_LEASE_SECONDS: z.coerce.number().int().min(3).max(600).default(30),
});
export type DiscordEnv = z.infer<typeof DiscordEnv>;

export interface DiscordSettings {
  token: string;
  /** Known from the environment, else learnt from the gateway's READY. */
  applicationId?: string | undefined;
  guildId?: string | undefined;
  agentRoleId?: string | undefined;
  forums: DiscordForum[];
  /** The support panel's form (no extra questions when absent). */
  panel?: DiscordPanel | undefined;
  /** The REST base for the bot, its deliveries and `/gateway/bot`; Discord's own when absent. */
  apiUrl?: string | undefined;
  /** The gateway lease's lifetime without renewal (30 s when absent); renewed every third of it. */
  gatewayLeaseMs?: number | undefined;
  /** The service's address as agents' browsers reach it (PUBLIC_URL): dashboard sign-in links start with it; none without. */
  publicUrl?: string | undefined;
}

/**
 * The adapter's settings from its parsed env and config section, or why it is off (one line, said
 * once at start). bot/ parses both with the rest of its settings, so a bad value stops the process
 * before anything connects.
 */
export function discordSettings(env: DiscordEnv, cfg: DiscordConfig): { ok: true; settings: DiscordSettings } | { ok: false; off: string } {
  if (!env.DISCORD_TOKEN) return { ok: false, off: "DISCORD_TOKEN is not set" };
  if (!cfg.forums.length) return { ok: false, off: "no discord.forums in the configuration to post tickets in" };
  if (env.DISCORD_AGENT_ROLE_ID && !env.DISCORD_GUILD_ID) {
    return { ok: false, off: "DISCORD_AGENT_ROLE_ID is set but DISCORD_GUILD_ID (the server the role belongs to) is not" };
  }
  return {
    ok: true,
    settings: {
      token: env.DISCORD_TOKEN,
      applicationId: env.DISCORD_APPLICATION_ID,
      guildId: env.DISCORD_GUILD_ID,
      agentRoleId: env.DISCORD_AGENT_ROLE_ID,
      forums: cfg.forums,
      panel: cfg.panel,
      apiUrl: env.DISCORD_API_URL,
      gatewayLeaseMs: env.DISCORD_GATEWAY_LEASE_SECONDS * 1000,
    },
  };
}

/** The forum channel for a ticket, or null when none is configured for it. */
export function forumFor(forums: readonly DiscordForum[], ticket: { pipelineId: string; teamId: string | null }): string | null {
  const byTeam = ticket.teamId ? forums.find((f) => f.teamId === ticket.teamId) : undefined;
  const byPipeline = forums.find((f) => f.pipelineId === ticket.pipelineId && !f.teamId);
  const fallback = forums.find((f) => !f.pipelineId && !f.teamId);
  return (byTeam ?? byPipeline ?? fallback)?.channel ?? null;
}
