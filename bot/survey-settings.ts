// The satisfaction survey's settings: survey emails need SURVEY_LINK_SECRET (which signs their
// one-click links) and PUBLIC_URL (where the links land); surveys in chat need a chat surface.
// A workflow that sends surveys with no way to deliver them stops the start; one that can reach
// chat requesters only is allowed (requesters without chat are skipped, "email_surveys_off" in the run).
import type { Env, Settings } from "./settings.js";
import { configuredSurfaces } from "./surfaces.js";

/** The survey links' secret and base address, or null when survey emails are off. */
export function surveyLinksFor(env: Pick<Env, "SURVEY_LINK_SECRET" | "PUBLIC_URL">): { secret: string; publicUrl: string } | null {
  return env.SURVEY_LINK_SECRET && env.PUBLIC_URL ? { secret: env.SURVEY_LINK_SECRET, publicUrl: env.PUBLIC_URL } : null;
}

/** Why the workflows' surveys could reach nobody, or null when they can (or none is sent). */
export function undeliverableSurveys(settings: Settings): string | null {
  const sending = settings.config.workflows.filter((w) => w.enabled && w.actions.some((a) => a.do === "send_survey"));
  if (!sending.length || surveyLinksFor(settings.env)) return null;
  if (configuredSurfaces(settings).some((s) => !("off" in s.surface))) return null;
  return `workflow ${sending.map((w) => `"${w.id}"`).join(", ")} sends satisfaction surveys, which nothing can deliver: set SURVEY_LINK_SECRET and PUBLIC_URL for survey emails, or turn on Slack or Discord for surveys in chat`;
}
