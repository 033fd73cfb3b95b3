// Cards for open tickets a chat surface never showed (it was off when they came in, or they had no
// triage channel or forum there): queued at start and by `npm run chat:backfill`.
import { randomUUID } from "node:crypto";
import { backfillCards, type BackfillOutcome, type BackfillSurface, type CoreDeps, type Logger } from "../core/index.js";
import type { Settings } from "./settings.js";
import { configuredSurfaces } from "./surfaces.js";

/** The configured chat surfaces with where each posts a ticket's card, and why the others are off. */
export function backfillSurfaces(settings: Settings): { on: BackfillSurface[]; off: string[] } {
  const on: BackfillSurface[] = [];
  const off: string[] = [];
  for (const { name, surface } of configuredSurfaces(settings)) {
    if ("off" in surface) off.push(`${name}: off (${surface.off})`);
    else on.push({ surface: name, destination: surface.destination });
  }
  return { on, off };
}

/** Queues the missing cards on every configured surface; the outbox delivers them. */
export function runChatBackfill(deps: CoreDeps, settings: Settings, log: Logger, signal?: AbortSignal): Promise<BackfillOutcome[]> {
  const { on } = backfillSurfaces(settings);
  if (!on.length) return Promise.resolve([]);
  return backfillCards(deps, log, { surfaces: on, holder: `backfill-${randomUUID().slice(0, 8)}`, signal });
}
