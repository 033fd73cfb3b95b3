import type { DeliveryTarget, DeliveryTargetName } from "../core/outbox/delivery.js";
import type { Settings } from "./settings.js";

/** What starting a delivery target needs; each entry says why it is off when it cannot start. */
export type TargetFactory = (settings: Settings) => { target: DeliveryTarget } | { off: string };

/**
 * One entry per delivery target; adding a target is one entry here (and a missing one is a
 * compile error). Until an adapter provides a target, its outbox rows wait and say so.
 */
export const targetRegistry: Record<DeliveryTargetName, TargetFactory> = {
  email: () => ({ off: "no outbound email adapter in this build yet" }),
  slack: () => ({ off: "no Slack adapter in this build yet" }),
  discord: () => ({ off: "no Discord adapter in this build yet" }),
};

export function buildTargets(settings: Settings, say: (msg: string) => void): Partial<Record<DeliveryTargetName, DeliveryTarget>> {
  const targets: Partial<Record<DeliveryTargetName, DeliveryTarget>> = {};
  for (const [name, factory] of Object.entries(targetRegistry) as [DeliveryTargetName, TargetFactory][]) {
    const made = factory(settings);
    if ("target" in made) targets[name] = made.target;
    else say(`${name}: off (${made.off})`);
  }
  return targets;
}
