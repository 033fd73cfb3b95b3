// Outbound mail's settings, one home for the rule: agents' replies, notifications and survey
// emails go out by SMTP only with SMTP_URL and an inbox to send from. Apart from the SMTP target
// (targets.ts) so the settings' checks (survey-settings.ts) can use it without loading the adapters.
import type { Settings } from "./settings.js";

/** The SMTP server agents' replies go out through, or why they cannot (said at start). */
export function smtpSettings(settings: Pick<Settings, "env" | "email">): { ok: true; url: string } | { ok: false; off: string } {
  if (!settings.env.SMTP_URL) return { ok: false, off: "SMTP_URL is not set" };
  if (!settings.email.inboxes.length) return { ok: false, off: "no inbox in the configuration to send from" };
  return { ok: true, url: settings.env.SMTP_URL };
}
