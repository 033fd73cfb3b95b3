import nodemailer, { type SendMailOptions } from "nodemailer";
import { z } from "zod";
import {
  DeliveryError,
  recordMessageRef,
  slaAlertEmails,
  workflowEmails,
  WorkflowText,
  type CoreDeps,
  type DeliveryTarget,
  type OutboxRow,
} from "../../../core/index.js";
import type { InboxDefinition } from "../config.js";
import { composeReply, type ComposedReply } from "./compose-reply.js";
import { inboxForTicket } from "./pick-inbox.js";
import { surveyMail, type SurveyLinks } from "./survey-email.js";

export const EmailReplyPayload = z.object({ ticketId: z.number().int().positive(), messageId: z.string().min(1) });
const SlaEmailPayload = z.object({
  ticketId: z.number().int().positive(),
  agentIds: z.array(z.string()),
  metric: z.enum(["first_response", "next_response", "resolution"]),
  kind: z.enum(["warning", "breach"]),
  dueAt: z.iso.datetime(),
});

const WorkflowEmailPayload = z.object({ ticketId: z.number().int().positive(), agentIds: z.array(z.string()), text: WorkflowText });

/** Something that sends one message; nodemailer's transporter in production. */
export interface MailTransport {
  sendMail(mail: SendMailOptions): Promise<unknown>;
  close(): void;
}

export interface SmtpTargetOptions {
  /** The core's dependencies: the target reads and records through core functions. */
  deps: Pick<CoreDeps, "db" | "catalog" | "now">;
  inboxes: readonly InboxDefinition[];
  transport: MailTransport;
  /** Satisfaction survey emails (`csat.email`) need these; without, such a row fails for good. */
  surveyLinks?: SurveyLinks | undefined;
}

/** A transport for SMTP_URL (smtp://user:pass@host:587, smtps://… for implicit TLS). */
export function smtpTransport(url: string): MailTransport {
  return nodemailer.createTransport(url);
}

/**
 * Sends agent replies (`email.reply` outbox rows), SLA alerts and workflow notices to agents (`sla.email`, `workflow.email`),
 * and satisfaction surveys to requesters (`csat.email`), by SMTP. The reply's Message-ID is stored on
 * it before sending, so the customer's answer threads even if we crash right after the send,
 * and a retried send carries the same id.
 * SMTP 4xx and connection failures are retried by the dispatcher; 5xx will not get better.
 */
export function smtpDeliveryTarget(opts: SmtpTargetOptions): DeliveryTarget & { close(): void } {
  return {
    async deliver(row: OutboxRow) {
      if (row.topic === "sla.email") return sendSlaAlerts(opts, row);
      if (row.topic === "workflow.email") return sendWorkflowEmails(opts, row);
      if (row.topic === "csat.email") return sendSurveyEmail(opts, row);
      if (row.topic !== "email.reply") throw new DeliveryError(`email cannot deliver "${row.topic}"`, { permanent: true });
      const payload = EmailReplyPayload.safeParse(row.payload);
      if (!payload.success) throw new DeliveryError("email.reply row without ticketId and messageId", { permanent: true });
      const composed = await composeReply(opts.deps, opts.inboxes, payload.data);
      if (!composed.ok) throw new DeliveryError(composed.reason, { permanent: true });
      // Stored before sending; a duplicate is this send's earlier attempt.
      await recordMessageRef(opts.deps, payload.data.messageId, "email", composed.mail.messageId);
      try {
        await opts.transport.sendMail(toNodemailer(composed.mail));
      } catch (e) {
        throw smtpFailure(e);
      }
    },
    close: () => opts.transport.close(),
  };
}

/**
 * One email per agent told, from the ticket's inbox. Each carries a Message-ID fixed by the row and
 * the agent, so a retry after a partial failure sends the same messages again (mail clients fold them).
 */
async function sendSlaAlerts(opts: SmtpTargetOptions, row: OutboxRow): Promise<void> {
  const payload = SlaEmailPayload.safeParse(row.payload);
  if (!payload.success) throw new DeliveryError("sla.email row with an unexpected payload", { permanent: true });
  return sendToAgents(opts, row, await slaAlertEmails(opts.deps, payload.data));
}

/** A workflow's notification by email: as an SLA alert, one message per agent. */
async function sendWorkflowEmails(opts: SmtpTargetOptions, row: OutboxRow): Promise<void> {
  const payload = WorkflowEmailPayload.safeParse(row.payload);
  if (!payload.success) throw new DeliveryError("workflow.email row with an unexpected payload", { permanent: true });
  return sendToAgents(opts, row, await workflowEmails(opts.deps, payload.data));
}

async function sendToAgents(opts: SmtpTargetOptions, row: OutboxRow, alert: Awaited<ReturnType<typeof slaAlertEmails>>): Promise<void> {
  if (!alert) return;
  const inbox = inboxForTicket(opts.inboxes, alert.ticket);
  if (!inbox) throw new DeliveryError("no inbox is configured to send from", { permanent: true });
  const domain = inbox.address.slice(inbox.address.lastIndexOf("@") + 1);
  for (const mail of alert.emails) {
    try {
      await opts.transport.sendMail({
        messageId: `<${row.topic === "sla.email" ? "sla" : "workflow"}.${row.id}.${mail.agentId}@${domain}>`,
        from: { name: inbox.name ?? inbox.address, address: inbox.address },
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
      });
    } catch (e) {
      throw smtpFailure(e);
    }
  }
}

/** The requester's survey email, unless it was answered or expired meanwhile. */
async function sendSurveyEmail(opts: SmtpTargetOptions, row: OutboxRow): Promise<void> {
  const mail = await surveyMail(opts.deps, opts.inboxes, opts.surveyLinks, row);
  if (!mail) return;
  try {
    await opts.transport.sendMail(mail);
  } catch (e) {
    throw smtpFailure(e);
  }
}

export function toNodemailer(m: ComposedReply): SendMailOptions {
  return {
    messageId: m.messageId,
    from: m.from,
    replyTo: m.replyTo,
    to: m.to.name ? m.to : m.to.address,
    cc: m.cc,
    bcc: m.bcc,
    subject: m.subject,
    text: m.text,
    ...(m.html ? { html: m.html } : {}),
    ...(m.inReplyTo ? { inReplyTo: m.inReplyTo } : {}),
    references: m.references,
  };
}

/** SMTP's own verdict decides: 4xx is "try later", 5xx is "this will never work". */
export function smtpFailure(e: unknown): DeliveryError {
  const err = e as { responseCode?: unknown; response?: unknown; code?: unknown; message?: unknown };
  const code = typeof err.responseCode === "number" ? err.responseCode : undefined;
  const what = typeof err.response === "string" ? err.response : String(err.message ?? e);
  if (code !== undefined && code >= 500) return new DeliveryError(`SMTP refused the message: ${what}`, { permanent: true });
  return new DeliveryError(`SMTP failed${code ? ` (${code})` : err.code ? ` (${String(err.code)})` : ""}: ${what}`);
}
