// The configured endpoints as the delivery target needs them: address and secret, the secret read
// from the environment variable the config names (`secretEnv`) when it is not in the file.
import type { WebhookDestination } from "../../core/index.js";
import type { WebhookEndpointWire } from "./webhook-target.js";

/** A secret variable the config names that is unset or too short (which stops the start). */
export interface MissingSecret {
  /** Where the config names it ("webhooks.0", "workflows.2.actions.1"). */
  place: string;
  variable: string;
  problem: "unset" | "short";
}

/** Secrets are at least this long, as in the config file. */
export const minSecretLength = 16;

/** The destinations by id, or the secrets that are missing. */
export function webhookWires(
  destinations: readonly WebhookDestination[],
  env: Readonly<Record<string, string | undefined>>,
): { ok: true; wires: Map<string, WebhookEndpointWire> } | { ok: false; missing: MissingSecret[] } {
  const wires = new Map<string, WebhookEndpointWire>();
  const missing: MissingSecret[] = [];
  for (const w of destinations) {
    const secret = w.secret ?? (w.secretEnv ? env[w.secretEnv] : undefined);
    const variable = w.secretEnv ?? "";
    if (!secret) missing.push({ place: w.place, variable, problem: "unset" });
    else if (secret.length < minSecretLength) missing.push({ place: w.place, variable, problem: "short" });
    else wires.set(w.id, { url: w.url, secret });
  }
  return missing.length ? { ok: false, missing } : { ok: true, wires };
}
