import { smtpDeliveryTarget, smtpTransport } from "../adapters/email/send/smtp-target.js";
import { minSecretLength, webhookWires } from "../adapters/webhooks/endpoints.js";
import { webhookDeliveryTarget } from "../adapters/webhooks/webhook-target.js";
import { disabledWebhookEndpoints, webhookDestinations } from "../core/index.js";
import type { CoreDeps } from "../core/deps.js";
import type { ChatSurface, DeliveryTarget, DeliveryTargetName, nonChatTargets } from "../core/outbox/delivery.js";
import type { ServiceOptions } from "./service.js";
import { SettingsError, type Settings } from "./settings.js";
import { smtpSettings } from "./smtp-settings.js";
import { ownSettings, surfaceRegistry } from "./surfaces.js";
import { surveyLinksFor } from "./survey-settings.js";

/** A target that started (with anything worth saying about it at start), or why it is off. */
type MadeTarget = { target: DeliveryTarget; notes?: string[] } | { off: string };

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
  webhook: async (settings, deps) => {
    const endpoints = settings.config.webhooks;
    const destinations = webhookDestinations(settings.config);
    if (!endpoints.length && !destinations.length) return { off: "no webhook endpoint or call_webhook action in the configuration" };
    // A secret named by its variable is read here, where the service starts (the core reads no environment).
    const wires = webhookWires(destinations, process.env);
    if (!wires.ok) {
      const said = wires.missing.map(
        (m) =>
          `${m.place}.secretEnv: ${m.variable} ${m.problem === "unset" ? "is not set" : `is shorter than ${minSecretLength} characters`}`,
      );
      throw new SettingsError(`HELPDESK_CONFIG ${settings.configSource}: ${said.join("; ")}`);
    }
    const disabled = await disabledWebhookEndpoints(deps);
    return {
      target: webhookDeliveryTarget({ deps, endpoints: wires.wires }),
      notes: [
        ...endpoints.filter((w) => !w.enabled).map((w) => `endpoint ${w.id} is off in the configuration`),
        ...disabled.map(
          (d) =>
            `endpoint ${d.id} is disabled since ${d.at.toISOString()} (${d.reason ?? "no reason recorded"}); nothing is sent to it until an admin enables it again`,
        ),
      ],
    };
  },
};

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
    if ("target" in made) {
      targets[name] = made.target;
      for (const note of made.notes ?? []) say(`${name}: ${note}`);
    } else say(`${name}: off (${made.off})`);
  }
  return targets;
}
