import { smtpDeliveryTarget, smtpTransport } from "../adapters/email/send/smtp-target.js";
import type { CoreDeps } from "../core/deps.js";
import type { ChatSurface, DeliveryTarget, DeliveryTargetName, nonChatTargets } from "../core/outbox/delivery.js";
import type { ServiceOptions } from "./service.js";
import type { Settings } from "./settings.js";
import { surfaceRegistry, type SurfaceFactory } from "./surfaces.js";

type MadeTarget = { target: DeliveryTarget } | { off: string };

/** What starting a delivery target needs; each entry says why it is off when it cannot start. */
export type TargetFactory = (settings: Settings, deps: CoreDeps, options?: ServiceOptions) => MadeTarget | Promise<MadeTarget>;

/** Each chat surface's target, from its entry in the surface registry (surfaces.ts). */
const chatTargets = Object.fromEntries(
  Object.entries(surfaceRegistry as Record<ChatSurface, SurfaceFactory>).map(([name, make]): [string, TargetFactory] => [
    name,
    async (settings, deps, options = {}) => {
      const surface = make(settings);
      if ("off" in surface) return surface;
      return { target: (await surface.load()).target(deps, options) };
    },
  ]),
) as Record<ChatSurface, TargetFactory>;

/**
 * One entry per delivery target; adding a target is one entry here (and a missing one is a
 * compile error). A target that is off leaves its outbox rows waiting, and says why at start.
 */
export const targetRegistry: Record<(typeof nonChatTargets)[number], TargetFactory> & Record<ChatSurface, TargetFactory> = {
  email: (settings, deps) => {
    const smtp = smtpSettings(settings);
    return smtp.ok
      ? { target: smtpDeliveryTarget({ deps, inboxes: settings.email.inboxes, transport: smtpTransport(smtp.url) }) }
      : { off: smtp.off };
  },
  ...chatTargets,
};

/** The SMTP server agents' replies go out through, or why they cannot (said at start). */
export function smtpSettings(settings: Settings): { ok: true; url: string } | { ok: false; off: string } {
  if (!settings.env.SMTP_URL) return { ok: false, off: "SMTP_URL is not set" };
  if (!settings.email.inboxes.length) return { ok: false, off: "no inbox in the configuration to send from" };
  return { ok: true, url: settings.env.SMTP_URL };
}

export async function buildTargets(
  settings: Settings,
  deps: CoreDeps,
  say: (msg: string) => void,
  options: ServiceOptions = {},
): Promise<Partial<Record<DeliveryTargetName, DeliveryTarget>>> {
  const targets: Partial<Record<DeliveryTargetName, DeliveryTarget>> = {};
  for (const [name, factory] of Object.entries(targetRegistry) as [DeliveryTargetName, TargetFactory][]) {
    const made = await factory(settings, deps, options);
    if ("target" in made) targets[name] = made.target;
    else say(`${name}: off (${made.off})`);
  }
  return targets;
}
