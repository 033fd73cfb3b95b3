import { smtpDeliveryTarget, smtpTransport } from "../adapters/email/send/smtp-target.js";
import { createSlackTarget, slackSettings } from "../adapters/slack/index.js";
import type { CoreDeps } from "../core/deps.js";
import type { DeliveryTarget, DeliveryTargetName } from "../core/outbox/delivery.js";
import type { Settings } from "./settings.js";

/** What starting a delivery target needs; each entry says why it is off when it cannot start. */
export type TargetFactory = (settings: Settings, deps: CoreDeps) => { target: DeliveryTarget } | { off: string };

/**
 * One entry per delivery target; adding a target is one entry here (and a missing one is a
 * compile error). Until an adapter provides a target, its outbox rows wait and say so.
 */
export const targetRegistry: Record<DeliveryTargetName, TargetFactory> = {
  email: (settings, deps) => {
    if (!settings.env.SMTP_URL) return { off: "SMTP_URL is not set" };
    if (!settings.email.inboxes.length) return { off: "no inbox in the configuration to send from" };
    return { target: smtpDeliveryTarget({ db: deps.db, inboxes: settings.email.inboxes, transport: smtpTransport(settings.env.SMTP_URL) }) };
  },
  slack: (settings, deps) => {
    const slack = slackSettings(settings.env, settings.slack);
    return slack.ok ? { target: createSlackTarget(deps, slack.settings) } : { off: slack.off };
  },
  discord: () => ({ off: "no Discord adapter in this build yet" }),
};

export function buildTargets(settings: Settings, deps: CoreDeps, say: (msg: string) => void): Partial<Record<DeliveryTargetName, DeliveryTarget>> {
  const targets: Partial<Record<DeliveryTargetName, DeliveryTarget>> = {};
  for (const [name, factory] of Object.entries(targetRegistry) as [DeliveryTargetName, TargetFactory][]) {
    const made = factory(settings, deps);
    if ("target" in made) targets[name] = made.target;
    else say(`${name}: off (${made.off})`);
  }
  return targets;
}
