// The chat surfaces the service runs: one entry per surface, like the delivery targets
// (targets.ts). Adding a surface is its folder under adapters/ and one entry here: the entry's key
// is the surface's name everywhere (its delivery target, its outbox rows, its users' identities).
//
// An entry reads the surface's settings from its adapter's config module only (cheap: the
// `npm run chat:backfill` CLI needs no more); the adapter itself, with its platform SDK, is loaded
// when the service starts it or its delivery target.
import type { Env, Hono } from "hono";
import type { z } from "zod";
// The adapters' config modules only (zod), not their clients.
import { DiscordConfig, DiscordEnv, discordSettings, forumFor } from "../adapters/discord/config.js";
import { SlackConfig, SlackEnv, slackSettings, triageChannelFor } from "../adapters/slack/config.js";
import type { BackfillSurface, ChatSurface, CoreDeps, DeliveryTarget, Logger, QuietGate } from "../core/index.js";
import { attachmentLinksFor } from "./attachment-links.js";
import type { ServiceOptions } from "./service.js";
import type { Settings } from "./settings.js";

/** What a surface's adapter is made with. */
export interface SurfaceRun {
  deps: CoreDeps;
  log: Logger;
  options: ServiceOptions;
  /** The service's gate for work that can wait for a pause in incoming requests. */
  gate: QuietGate;
}

/** A surface's adapter as the service drives it. */
export interface RunningSurface {
  /** Mounts its HTTP routes (before the server listens), if it takes any. */
  route?<E extends Env>(app: Hono<E>): void;
  /** Connects in the background (a socket, a gateway session), after the server listens. */
  start(): Promise<void>;
  /** What is logged, as an error, when start() fails. */
  startFailed: string;
  /** Disconnects and waits for the work in flight. */
  stop(): Promise<void>;
}

/** A surface that is on: where its cards go, and its adapter and delivery target on demand. */
export interface ConfiguredSurface {
  /** Where a ticket's card would be posted now (a channel or forum id), or null for nowhere. */
  destination: BackfillSurface["destination"];
  /** Loads the adapter's module. */
  load(): Promise<{
    /** The surface's delivery target for the outbox dispatcher. */
    target(deps: CoreDeps, options: ServiceOptions): DeliveryTarget;
    /** The adapter: the surface's commands, buttons, modals and messages. */
    adapter(run: SurfaceRun): RunningSurface;
  }>;
}

/** A part of the service that is off, and why (in the words of the check that turned it off). */
export type Off = { on: false; why: string };

/** Where a chat channel's or forum's tickets come from: a team, a pipeline, or everything else. */
export interface RoutedPlace {
  channel: string;
  teamId?: string | undefined;
  pipelineId?: string | undefined;
}

/** What names a team or a pipeline in a surface's section. */
type RouteNames = { teamId?: string | undefined; pipelineId?: string | undefined };

/** What a surface runs with, for the start-up log: details as one structured field, and a line. */
export type SurfaceSummary = ({ on: true } & Record<string, unknown>) | Off;

/**
 * One chat surface: how it reads its settings (its own environment variables and its section of
 * the config file, each an adapter's zod schema), what in them routes tickets, what the start-up
 * log says about it, and how it turns on. `E` and `S` are its parsed variables and section.
 */
export interface SurfaceEntry<E, S, O extends object = Record<string, unknown>> {
  /** Its environment variables; a bad one stops the start, named. */
  env: z.ZodType<E>;
  /** Its section of the config file, read from the whole file (so a mistake's path names the section). */
  section: z.ZodType<S>;
  /** The places it posts cards in (channels, forums) and what one is called: each names a team, a pipeline or neither. */
  places(section: S): { noun: string; path: string; entries: readonly RoutedPlace[] };
  /** Other entries (or one entry) of the section that name a team or a pipeline, by path (checked against the core config). */
  otherRoutes?(section: S): ({ path: string; entries: readonly RouteNames[] } | { path: string; entry: RouteNames })[];
  /** On with what, or off and why. */
  open(settings: Settings, own: { env: E; section: S }): ConfiguredSurface | { off: string };
  /** What the start-up log says: the structured part, and its line (for an `on` summary). */
  summary(own: { env: E; section: S }): ({ on: true } & O) | Off;
  describe(on: O): string;
}

/** Keeps an entry's own types inside it, and erases them for the registry. */
export function defineSurface<E, S, O extends object>(entry: SurfaceEntry<E, S, O>): SurfaceEntry<unknown, unknown> {
  return entry as unknown as SurfaceEntry<unknown, unknown>;
}

const place = (p: RoutedPlace): RoutedPlace => ({
  channel: p.channel,
  ...(p.teamId ? { teamId: p.teamId } : {}),
  ...(p.pipelineId ? { pipelineId: p.pipelineId } : {}),
});
const list = (xs: string[], none = "none") => (xs.length ? xs.join(", ") : none);
const routed = (p: RoutedPlace) =>
  `${p.channel} (${p.teamId ? `team ${p.teamId}` : p.pipelineId ? `pipeline ${p.pipelineId}` : "everything else"})`;

/**
 * The chat surfaces, by name. The name is the surface's everywhere: its delivery target, its
 * outbox rows, its users' ChatIdentity rows, agents' `accounts` in the config.
 */
export const surfaceRegistry: Record<ChatSurface, SurfaceEntry<unknown, unknown>> = {
  slack: defineSurface<SlackEnv, SlackConfig, { mode: "http" | "socket"; triageChannels: RoutedPlace[]; agentUserGroups: string[] }>({
    env: SlackEnv,
    section: SlackConfig.transform((c) => c.slack),
    places: (section) => ({ noun: "triage channel", path: "slack.triageChannels", entries: section.triageChannels }),
    otherRoutes: (section) => [
      { path: "slack.agentUserGroups", entries: section.agentUserGroups },
      { path: "slack.customerChannels", entries: section.customerChannels },
    ],
    open: (settings, { env, section }) => {
      const on = slackSettings(env, section);
      if (!on.ok) return { off: on.off };
      const slack = { ...on.settings, publicUrl: settings.env.PUBLIC_URL };
      return {
        destination: (t) => triageChannelFor(slack.triageChannels, t),
        load: async () => {
          const { createSlackAdapter, createSlackTarget } = await import("../adapters/slack/index.js");
          return {
            target: (deps) => createSlackTarget(deps, slack, undefined, attachmentLinksFor(settings)?.url),
            // HTTP mode: stateless, so every replica serves POST /slack/events. Socket Mode: the
            // replica holding the lease keeps the socket.
            adapter: ({ deps, log, gate }) => {
              const adapter = createSlackAdapter({ deps, log, settings: slack, gate });
              return {
                route: (app) => adapter.route(app),
                start: () => adapter.start(),
                startFailed: "slack socket failed",
                stop: () => adapter.stop(),
              };
            },
          };
        },
      };
    },
    summary: ({ env, section }) => {
      const on = slackSettings(env, section);
      if (!on.ok) return { on: false, why: on.off };
      return {
        on: true,
        mode: on.settings.socketMode ? ("socket" as const) : ("http" as const),
        triageChannels: on.settings.triageChannels.map(place),
        agentUserGroups: (on.settings.agentUserGroups ?? []).map((g) => g.usergroup),
      };
    },
    describe: (sl) => {
      return `${sl.mode === "socket" ? "Socket Mode" : "HTTP, POST /slack/events"}; triage channels ${list(sl.triageChannels.map(routed))}; agent user groups ${list(sl.agentUserGroups)}`;
    },
  }),
  discord: defineSurface<DiscordEnv, DiscordConfig, { guildId: string | null; agentRoleId: string | null; forums: RoutedPlace[] }>({
    env: DiscordEnv.refine((e) => !e.DISCORD_AGENT_ROLE_ID || e.DISCORD_GUILD_ID, {
      message: "DISCORD_AGENT_ROLE_ID needs DISCORD_GUILD_ID, the server the role belongs to",
    }),
    section: DiscordConfig.transform((c) => c.discord),
    places: (section) => ({ noun: "forum", path: "discord.forums", entries: section.forums }),
    otherRoutes: (section) => [
      { path: "discord.panel", entry: section.panel },
      { path: "discord.panel.channels", entries: section.panel.channels },
    ],
    open: (settings, { env, section }) => {
      const on = discordSettings(env, section);
      if (!on.ok) return { off: on.off };
      const discord = { ...on.settings, publicUrl: settings.env.PUBLIC_URL };
      return {
        destination: (t) => forumFor(discord.forums, t),
        load: async () => {
          const { createDiscordAdapter, createDiscordTarget } = await import("../adapters/discord/index.js");
          return {
            target: (deps, options) => createDiscordTarget(deps, discord, options.discordRest, attachmentLinksFor(settings)?.url),
            // Every replica delivers, but one holds the gateway session (through a database lease).
            adapter: ({ deps, log, options }) => {
              const adapter = createDiscordAdapter({ deps, log, settings: discord, rest: options.discordRest });
              return { start: () => adapter.start(), startFailed: "discord gateway failed", stop: () => adapter.stop() };
            },
          };
        },
      };
    },
    summary: ({ env, section }) => {
      const on = discordSettings(env, section);
      if (!on.ok) return { on: false, why: on.off };
      return {
        on: true,
        guildId: on.settings.guildId ?? null,
        agentRoleId: on.settings.agentRoleId ?? null,
        forums: on.settings.forums.map(place),
      };
    },
    describe: (d) => {
      return `server ${d.guildId ?? "any"}; forums ${list(d.forums.map(routed))}; agent role ${d.agentRoleId ?? "none"}`;
    },
  }),
};

/** The surface's own settings as loadSettings read them. */
export function ownSettings(settings: Settings, name: ChatSurface): { env: unknown; section: unknown } {
  const own = settings.surfaces[name];
  if (!own) throw new Error(`no settings for chat surface ${name}`);
  return own;
}

/** Each surface with what it is on with, or why it is off, in the registry's order. */
export function configuredSurfaces(settings: Settings): { name: ChatSurface; surface: ConfiguredSurface | { off: string } }[] {
  return Object.entries(surfaceRegistry).map(([name, entry]) => ({ name, surface: entry.open(settings, ownSettings(settings, name)) }));
}
