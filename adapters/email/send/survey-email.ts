// The satisfaction survey email ("csat.email" outbox rows): one message per survey to the
// requester, in their language, with five one-click rating links signed by the core
// (surveyToken) under PUBLIC_URL/survey/. Plain text and a simple HTML part. Its Message-ID is its
// own (fixed by the survey, so a retried send is the same message) and it answers no message, so it
// starts no thread in the customer's conversation; a reply to it still reaches the ticket by its
// reply address.
import type { SendMailOptions } from "nodemailer";
import { z } from "zod";
import { DeliveryError, Formats, msg, render, surveyEmail, surveyToken, type OutboxRow, type SurveyEmail } from "../../../core/index.js";
import type { InboxDefinition } from "../config.js";
import { escapeHtml } from "../html.js";
import { inboxForTicket, replyAddress } from "./pick-inbox.js";

export const SurveyEmailPayload = z.object({ surveyId: z.string().min(1), ticketId: z.number().int().positive() });

/** What the survey links need: the survey link secret and the address the service is reached at. */
export interface SurveyLinks {
  secret: string;
  publicUrl: string;
}

const scores = [1, 2, 3, 4, 5] as const;
const scoreLabel = (s: (typeof scores)[number]) => msg(`csat.score_${s}`);
/** Red to green, the rating's colour on its button. */
const colours = { 1: "#b91c1c", 2: "#c2410c", 3: "#a16207", 4: "#4d7c0f", 5: "#15803d" } as const;

/** The message for a survey, sent from `inbox`, or why there is none. */
export function composeSurveyEmail(
  s: SurveyEmail,
  inbox: InboxDefinition,
  links: SurveyLinks,
  timeZone: string,
): { ok: true; mail: SendMailOptions } | { ok: false; reason: string } {
  if (!s.to) return { ok: false, reason: `survey ${s.surveyId}: the requester of #${s.ticket.id} has no email address` };
  const f = new Formats(s.locale, timeZone);
  const say = (m: Parameters<typeof render>[0]) => render(m, f);
  const ticket = `#${s.ticket.id}`;
  const url = (score: number) => `${links.publicUrl}/survey/${surveyToken(links.secret, s.surveyId, score, s.expiresAt)}`;
  const greeting = s.to.name ? say(msg("csat.emailGreeting", { name: s.to.name })) : say(msg("csat.emailGreetingAnonymous"));
  const intro = say(msg("csat.emailIntro", { ticket, subject: s.ticket.subject }));
  const expires = say(msg("csat.emailExpires", { at: s.expiresAt }));
  const footer = say(msg("csat.emailFooter"));
  const text = [greeting, "", intro, "", ...scores.map((n) => `${n} - ${say(scoreLabel(n))}: ${url(n)}`), "", expires, "", footer, ""].join(
    "\n",
  );
  const button = (n: (typeof scores)[number]) =>
    `<td style="padding:4px"><a href="${escapeHtml(url(n))}" style="display:block;min-width:96px;padding:10px 8px;border-radius:6px;background:${colours[n]};color:#ffffff;text-decoration:none;text-align:center;font-weight:600">${n}<br><span style="font-size:12px;font-weight:400">${escapeHtml(say(scoreLabel(n)))}</span></a></td>`;
  const html = [
    `<!doctype html><html lang="${s.locale}"><head><meta charset="utf-8"><title>${escapeHtml(say(msg("csat.pageTitle")))}</title></head>`,
    `<body style="margin:0;padding:24px;background:#f3f4f6;font-family:-apple-system,'Segoe UI',Roboto,'Hiragino Sans','Noto Sans JP',sans-serif;color:#111827">`,
    `<div style="max-width:600px;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px">`,
    `<p>${escapeHtml(greeting)}</p>`,
    `<p>${escapeHtml(intro)}</p>`,
    `<table role="presentation" cellspacing="0" cellpadding="0" style="border-collapse:collapse;margin:16px 0"><tr>${scores.map(button).join("")}</tr></table>`,
    `<p style="color:#4b5563;font-size:14px">${escapeHtml(expires)}</p>`,
    `<p style="color:#6b7280;font-size:12px">${escapeHtml(footer)}</p>`,
    `</div></body></html>`,
  ].join("\n");
  const domain = inbox.address.slice(inbox.address.lastIndexOf("@") + 1);
  return {
    ok: true,
    mail: {
      messageId: `<csat.${s.surveyId}@${domain}>`,
      from: { name: inbox.name ?? inbox.address, address: inbox.address },
      replyTo: replyAddress(inbox, s.ticket.id),
      to: s.to.name ? { name: s.to.name, address: s.to.address } : s.to.address,
      subject: say(msg("csat.emailSubject", { ticket, subject: s.ticket.subject })),
      text,
      html,
      // Sent by the help desk on its own (RFC 3834): out-of-office replies should not answer it.
      headers: { "Auto-Submitted": "auto-generated" },
    },
  };
}

/** The survey's message, ready to send; null when there is nothing to send (answered, expired, gone). */
export async function surveyMail(
  deps: Parameters<typeof surveyEmail>[0],
  inboxes: readonly InboxDefinition[],
  links: SurveyLinks | undefined,
  row: OutboxRow,
): Promise<SendMailOptions | null> {
  const payload = SurveyEmailPayload.safeParse(row.payload);
  if (!payload.success) throw new DeliveryError("csat.email row with an unexpected payload", { permanent: true });
  if (!links) throw new DeliveryError("survey emails need SURVEY_LINK_SECRET and PUBLIC_URL", { permanent: true });
  const s = await surveyEmail(deps, payload.data.surveyId);
  if (!s || s.settled) return null;
  const inbox = inboxForTicket(inboxes, s.ticket);
  if (!inbox) throw new DeliveryError("no inbox is configured to send from", { permanent: true });
  const composed = composeSurveyEmail(s, inbox, links, deps.catalog.timeZone);
  if (!composed.ok) throw new DeliveryError(composed.reason, { permanent: true });
  return composed.mail;
}
