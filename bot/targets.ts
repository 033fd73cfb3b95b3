import { smtpDeliveryTarget, smtpTransport } from "../adapters/email/send/smtp-target.js";
import type { CoreDeps } from "../core/deps.js";
import type { ChatSurface, DeliveryTarget, DeliveryTargetName, nonChatTargets } from "../core/outbox/delivery.js";
import type { ServiceOptions } from "./service.js";
import type { Settings } from "./settings.js";
import { ownSettings, surfaceRegistry } from "./surfaces.js";
import { surveyLinksFor } from "./survey-settings.js";

type MadeTarget = { target: DeliveryTarget } | { off: string };

/** What starting a delivery target needs; each entry says why it is off when it cannot start. */
export type TargetFactory = (settings: Settings, deps: CoreDeps, options?: ServiceOptions) => MadeTarget | Promise<MadeTarget>;

/** A chat surface's delivery target, from its entry in the surface registry (surfaces.ts). */
async function chatTarget(name: ChatSurface, settings: Settings, deps: CoreDeps, options: ServiceOptions): Promise<MadeTarget> {
  const entry = surfaceRegistry[name];
  if (!entry) return { off: "no such chat surface" };
  const surface = entry.open(settings, ownSettings(settings, name));
  if ("off" in surface) return surface;
  return { target: (await surface.load()).target(deps, options) };
}

/**
 * The delivery targets that are not chat surfaces, one entry each (a missing one is a compile
 * error); the chat surfaces' come from their registry. A target that is off leaves its outbox rows
 * waiting, and says why at start.
 */
export const targetRegistry: Record<(typeof nonChatTargets)[number], TargetFactory> = {
  email: (settings, deps) => {
    const smtp = smtpSettings(settings);
    return smtp.ok
      ? {
          target: smtpDeliveryTarget({
            deps,
            inboxes: settings.email.inboxes,
            transport: smtpTransport(smtp.url),
            surveyLinks: surveyLinksFor(settings.env) ?? undefined,
          }),
        }
      : { off: smtp.off };
  },
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
  const factories: [DeliveryTargetName, TargetFactory][] = [
    ...(Object.entries(targetRegistry) as [DeliveryTargetName, TargetFactory][]),
    ...Object.keys(surfaceRegistry).map((name): [DeliveryTargetName, TargetFactory] => [name, (s, d, o = {}) => chatTarget(name, s, d, o)]),
  ];
  for (const [name, factory] of factories) {
    const made = await factory(settings, deps, options);
    if ("target" in made) targets[name] = made.target;
    else say(`${name}: off (${made.off})`);
  }
  return targets;
}
