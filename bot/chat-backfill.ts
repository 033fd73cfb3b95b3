// Cards for open tickets a chat surface never showed (it was off when they came in, or they had no
// triage channel or forum there): queued at start and by `npm run chat:backfill`.
import { randomUUID } from "node:crypto";
// The adapters' config modules only (zod), not their clients: the CLI starts in a moment.
import { discordSettings, forumFor } from "../adapters/discord/config.js";
import { slackSettings, triageChannelFor } from "../adapters/slack/config.js";
import { backfillCards, type BackfillOutcome, type BackfillSurface, type ChatSurface, type CoreDeps, type Logger } from "../core/index.js";
import type { Settings } from "./settings.js";

/** Each chat surface's routing, or why it is off; a surface missing here is a compile error. */
const surfaceRegistry: Record<ChatSurface, (settings: Settings) => BackfillSurface | { off: string }> = {
  slack: (settings) => {
    const on = slackSettings(settings.env, settings.slack);
    return on.ok ? { surface: "slack", destination: (t) => triageChannelFor(on.settings.triageChannels, t) } : { off: on.off };
  },
  discord: (settings) => {
    const on = discordSettings(settings.env, settings.discord);
    return on.ok ? { surface: "discord", destination: (t) => forumFor(on.settings.forums, t) } : { off: on.off };
  },
};

/** The configured chat surfaces with where each posts a ticket's card, and why the others are off. */
export function backfillSurfaces(settings: Settings): { on: BackfillSurface[]; off: string[] } {
  const on: BackfillSurface[] = [];
  const off: string[] = [];
  for (const [name, make] of Object.entries(surfaceRegistry) as [ChatSurface, (typeof surfaceRegistry)[ChatSurface]][]) {
    const s = make(settings);
    if ("off" in s) off.push(`${name}: off (${s.off})`);
    else on.push(s);
  }
  return { on, off };
}

/** Queues the missing cards on every configured surface; the outbox delivers them. */
export function runChatBackfill(deps: CoreDeps, settings: Settings, log: Logger, signal?: AbortSignal): Promise<BackfillOutcome[]> {
  const { on } = backfillSurfaces(settings);
  if (!on.length) return Promise.resolve([]);
  return backfillCards(deps, log, { surfaces: on, holder: `backfill-${randomUUID().slice(0, 8)}`, signal });
}
