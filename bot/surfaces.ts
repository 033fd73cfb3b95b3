// The chat surfaces the service runs: one entry per surface, like the delivery targets
// (targets.ts). Adding a surface is its folder under adapters/ and one entry here: the entry's key
// is the surface's name everywhere (its delivery target, its outbox rows, its users' identities).
//
// An entry reads the surface's settings from its adapter's config module only (cheap: the
// `npm run chat:backfill` CLI needs no more); the adapter itself, with its platform SDK, is loaded
// when the service starts it or its delivery target.
import type { Env, Hono } from "hono";
// The adapters' config modules only (zod), not their clients.
import { discordSettings, forumFor } from "../adapters/discord/config.js";
import { slackSettings, triageChannelFor } from "../adapters/slack/config.js";
import type { BackfillSurface, ChatSurface, CoreDeps, DeliveryTarget, Logger } from "../core/index.js";
import { attachmentLinksFor } from "./attachment-links.js";
import type { ServiceOptions } from "./service.js";
import type { Settings } from "./settings.js";

/** What a surface's adapter is made with. */
export interface SurfaceRun {
  deps: CoreDeps;
  log: Logger;
  options: ServiceOptions;
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

/** A surface on, from the settings, or why it is off (said at start). */
export type SurfaceFactory = (settings: Settings) => ConfiguredSurface | { off: string };

export const surfaceRegistry = {
  slack: (settings) => {
    const on = slackSettings(settings.env, settings.slack);
    if (!on.ok) return { off: on.off };
    const slack = on.settings;
    return {
      destination: (t) => triageChannelFor(slack.triageChannels, t),
      load: async () => {
        const { createSlackAdapter, createSlackTarget } = await import("../adapters/slack/index.js");
        return {
          target: (deps) => createSlackTarget(deps, slack, undefined, attachmentLinksFor(settings)?.url),
          // HTTP mode: stateless, so every replica serves POST /slack/events. Socket Mode: the
          // replica holding the lease keeps the socket.
          adapter: ({ deps, log }) => {
            const adapter = createSlackAdapter({ deps, log, settings: slack });
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
  discord: (settings) => {
    const on = discordSettings(settings.env, settings.discord);
    if (!on.ok) return { off: on.off };
    const discord = on.settings;
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
} satisfies Record<ChatSurface, SurfaceFactory>;

/** Each surface with what it is on with, or why it is off, in the registry's order. */
export function configuredSurfaces(settings: Settings): { name: ChatSurface; surface: ConfiguredSurface | { off: string } }[] {
  return (Object.entries(surfaceRegistry) as [ChatSurface, SurfaceFactory][]).map(([name, make]) => ({ name, surface: make(settings) }));
}
