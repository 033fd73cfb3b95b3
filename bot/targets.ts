import { smtpDeliveryTarget, smtpTransport } from "../adapters/email/send/smtp-target.js";
import { createDiscordTarget, discordSettings } from "../adapters/discord/index.js";
import { createSlackTarget, slackSettings } from "../adapters/slack/index.js";
import type { CoreDeps } from "../core/deps.js";
import type { DeliveryTarget, DeliveryTargetName } from "../core/outbox/delivery.js";
import { attachmentLinksFor } from "./attachment-links.js";
import type { ServiceOptions } from "./service.js";
import type { Settings } from "./settings.js";

/** What starting a delivery target needs; each entry says why it is off when it cannot start. */
export type TargetFactory = (settings: Settings, deps: CoreDeps, options?: ServiceOptions) => { target: DeliveryTarget } | { off: string };

/**
 * One entry per delivery target; adding a target is one entry here (and a missing one is a
 * compile error). A target that is off leaves its outbox rows waiting, and says why at start.
 */
export const targetRegistry: Record<DeliveryTargetName, TargetFactory> = {
  email: (settings, deps) => {
    const smtp = smtpSettings(settings);
    return smtp.ok
      ? { target: smtpDeliveryTarget({ deps, inboxes: settings.email.inboxes, transport: smtpTransport(smtp.url) }) }
      : { off: smtp.off };
  },
  slack: (settings, deps) => {
    const slack = slackSettings(settings.env, settings.slack);
    return slack.ok
      ? { target: createSlackTarget(deps, slack.settings, undefined, attachmentLinksFor(settings)?.url) }
      : { off: slack.off };
  },
  discord: (settings, deps, options) => {
    const discord = discordSettings(settings.env, settings.discord);
    return discord.ok
      ? { target: createDiscordTarget(deps, discord.settings, options?.discordRest, attachmentLinksFor(settings)?.url) }
      : { off: discord.off };
  },
};

/** The SMTP server agents' replies go out through, or why they cannot (said at start). */
export function smtpSettings(settings: Settings): { ok: true; url: string } | { ok: false; off: string } {
  if (!settings.env.SMTP_URL) return { ok: false, off: "SMTP_URL is not set" };
  if (!settings.email.inboxes.length) return { ok: false, off: "no inbox in the configuration to send from" };
  return { ok: true, url: settings.env.SMTP_URL };
}

export function buildTargets(
  settings: Settings,
  deps: CoreDeps,
  say: (msg: string) => void,
  options: ServiceOptions = {},
): Partial<Record<DeliveryTargetName, DeliveryTarget>> {
  const targets: Partial<Record<DeliveryTargetName, DeliveryTarget>> = {};
  for (const [name, factory] of Object.entries(targetRegistry) as [DeliveryTargetName, TargetFactory][]) {
    const made = factory(settings, deps, options);
    if ("target" in made) targets[name] = made.target;
    else say(`${name}: off (${made.off})`);
  }
  return targets;
}
