// The satisfaction survey's settings: survey emails need SURVEY_LINK_SECRET (which signs their
// one-click links), PUBLIC_URL (where the links land) and outbound mail (SMTP_URL and an inbox to
// send from, as smtpSettings says); surveys in chat need a chat surface. A workflow that sends
// surveys with no way to deliver them stops the start; one that can reach chat requesters only is
// allowed (requesters without chat are skipped, "email_surveys_off" in the run).
import type { Env, Settings } from "./settings.js";
import { smtpSettings } from "./smtp-settings.js";
import { configuredSurfaces } from "./surfaces.js";

/** The survey links' secret and base address, or null when they are not both set. */
export function surveyLinksFor(env: Pick<Env, "SURVEY_LINK_SECRET" | "PUBLIC_URL">): { secret: string; publicUrl: string } | null {
  return env.SURVEY_LINK_SECRET && env.PUBLIC_URL ? { secret: env.SURVEY_LINK_SECRET, publicUrl: env.PUBLIC_URL } : null;
}

/** Whether survey emails can go out (signed links and outbound mail), or why not. */
export function surveyEmailsFor(
  settings: Pick<Settings, "env" | "email">,
): { on: true; links: { secret: string; publicUrl: string } } | { on: false; why: string } {
  const links = surveyLinksFor(settings.env);
  const smtp = smtpSettings(settings);
  if (links && smtp.ok) return { on: true, links };
  const why = [
    ...(links ? [] : ["SURVEY_LINK_SECRET and PUBLIC_URL are not both set"]),
    ...(smtp.ok ? [] : [`outbound mail is off (${smtp.off})`]),
  ];
  return { on: false, why: why.join(", and ") };
}

/** Why the workflows' surveys could reach nobody, or null when they can (or none is sent). */
export function undeliverableSurveys(settings: Settings): string | null {
  const sending = settings.config.workflows.filter((w) => w.enabled && w.actions.some((a) => a.do === "send_survey"));
  if (!sending.length) return null;
  const emails = surveyEmailsFor(settings);
  if (emails.on) return null;
  if (configuredSurfaces(settings).some((s) => !("off" in s.surface))) return null;
  return `workflow ${sending.map((w) => `"${w.id}"`).join(", ")} sends satisfaction surveys, which nothing can deliver: survey emails are off (${emails.why}) and no chat surface is on; set SURVEY_LINK_SECRET, PUBLIC_URL and SMTP_URL (with an inbox to send from) for survey emails, or turn on Slack or Discord for surveys in chat`;
}
