import { header, type ParsedEmail } from "./parsed-email.js";

export type AutoKind = "bounce" | "auto_reply" | null;

const daemonLocalParts = /^(mailer-daemon|postmaster|mail-daemon|mailerdaemon|noreply-dmarc-support)$/i;

/**
 * Mail that a machine sent: bounces (delivery reports, mailer-daemon) and auto-replies
 * (out-of-office, list and bulk mail). Such mail is stored but must never be answered
 * automatically, or two robots answer each other forever.
 * @see https://www.rfc-editor.org/rfc/rfc3834 (Auto-Submitted)
 * @see https://www.rfc-editor.org/rfc/rfc3464 (multipart/report delivery status)
 */
export function classifyAutoSubmitted(email: ParsedEmail): AutoKind {
  const contentType = header(email, "content-type") ?? "";
  const local = (email.from.address ?? "").split("@")[0] ?? "";
  if (/^multipart\/report/i.test(contentType) && /report-type\s*=\s*"?(delivery-status|disposition-notification)/i.test(contentType)) return "bounce";
  if (daemonLocalParts.test(local)) return "bounce";
  // A null reverse path (Return-Path: <>) is how delivery reports are sent.
  if ((header(email, "return-path") ?? "").replace(/\s/g, "") === "<>") return "bounce";
  if (/^multipart\/report/i.test(contentType)) return "auto_reply";
  const autoSubmitted = header(email, "auto-submitted")?.trim().toLowerCase();
  if (autoSubmitted && autoSubmitted !== "no") return "auto_reply";
  const precedence = header(email, "precedence")?.trim().toLowerCase();
  if (precedence && ["bulk", "junk", "list", "auto_reply"].includes(precedence)) return "auto_reply";
  if (header(email, "x-autoreply") !== undefined || header(email, "x-autorespond") !== undefined) return "auto_reply";
  return null;
}
