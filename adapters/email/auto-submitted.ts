import type { AutoKind as InboundAutoKind } from "../../core/index.js";
import { header, type ParsedEmail } from "./parsed-email.js";

export type AutoKind = InboundAutoKind | null;

const daemonLocalParts = /^(mailer-daemon|postmaster|mail-daemon|mailerdaemon|noreply-dmarc-support)$/i;

/**
 * Mail that a machine sent or relayed: bounces (delivery reports, mailer-daemon), auto-replies
 * (out-of-office, autoresponders) and list, bulk or auto-generated mail. Such mail is stored but
 * must never be answered automatically, or two robots answer each other forever.
 * @see https://www.rfc-editor.org/rfc/rfc3834 (Auto-Submitted)
 * @see https://www.rfc-editor.org/rfc/rfc3464 (multipart/report delivery status)
 */
export function classifyAutoSubmitted(email: ParsedEmail): AutoKind {
  const contentType = header(email, "content-type") ?? "";
  const local = (email.from.address ?? "").split("@")[0] ?? "";
  if (/^multipart\/report/i.test(contentType) && /report-type\s*=\s*"?(delivery-status|disposition-notification)/i.test(contentType))
    return "bounce";
  if (daemonLocalParts.test(local)) return "bounce";
  // A null reverse path (Return-Path: <>) is how delivery reports are sent.
  if ((header(email, "return-path") ?? "").replace(/\s/g, "") === "<>") return "bounce";
  if (/^multipart\/report/i.test(contentType)) return "auto_reply";
  // Auto-replies are told apart before list and bulk mail: an out-of-office sent through a list
  // carries both, and it is still an out-of-office.
  const autoSubmitted = header(email, "auto-submitted")?.trim().toLowerCase();
  if (autoSubmitted && /^auto-replied\b/.test(autoSubmitted)) return "auto_reply";
  const precedence = header(email, "precedence")?.trim().toLowerCase();
  if (precedence === "auto_reply") return "auto_reply";
  if (header(email, "x-autoreply") !== undefined || header(email, "x-autorespond") !== undefined) return "auto_reply";
  // A list or a group relays what a person wrote (and marks it Precedence: list); auto-generated
  // mail (a form, a shop's notification) may carry a customer's request too.
  if (autoSubmitted && autoSubmitted !== "no") return "bulk";
  if (precedence && ["bulk", "junk", "list"].includes(precedence)) return "bulk";
  return null;
}
