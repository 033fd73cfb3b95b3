// Signed, expiring links to attachments: the service writes them into chat threads, and
// GET /attachments/:id (attachment-route.ts) opens the file only for a link it signed that has
// not expired. Nothing but the attachment's id and the expiry is signed, so a link cannot be
// bent to another file or made to last longer.
import { createHmac } from "node:crypto";
import { constantTimeEqual } from "../core/constant-time.js";
import type { Settings } from "./settings.js";

/** How a link's signature and expiry check out. */
export type LinkCheck = "ok" | "bad" | "expired";

export interface AttachmentLinks {
  /** A link to the attachment, working until the link lifetime from now (an AttachmentUrl for the chat targets). */
  url(attachmentId: string): string;
  /** Whether `sig` is this service's signature of the id and `exp` (unix seconds), and `exp` is still ahead. */
  check(attachmentId: string, exp: string | undefined, sig: string | undefined): LinkCheck;
  /** How long a link works, in days (for what a refused one says). */
  days: number;
}

export interface AttachmentLinkOptions {
  secret: string;
  /** The service's address as browsers reach it, without a trailing slash. */
  publicUrl: string;
  days: number;
  now: () => Date;
}

/** The links, or null (names and sizes only in chat) without a secret and a public address. */
export function attachmentLinksFor(settings: Settings, now: () => Date = () => new Date()): AttachmentLinks | null {
  const { ATTACHMENT_LINK_SECRET: secret, PUBLIC_URL: publicUrl, ATTACHMENT_LINK_DAYS: days } = settings.env;
  return secret && publicUrl ? attachmentLinks({ secret, publicUrl, days, now }) : null;
}

export function attachmentLinks(opts: AttachmentLinkOptions): AttachmentLinks {
  // The purpose is part of what is signed, so this secret's signatures mean nothing elsewhere.
  const sign = (id: string, exp: string) =>
    createHmac("sha256", opts.secret).update(`helpdesk-attachment\n${id}\n${exp}`).digest("base64url");
  return {
    days: opts.days,
    url(id) {
      const exp = String(Math.floor(opts.now().getTime() / 1000) + opts.days * 86_400);
      return `${opts.publicUrl}/attachments/${encodeURIComponent(id)}?exp=${exp}&sig=${sign(id, exp)}`;
    },
    check(id, exp, sig) {
      if (!exp || !/^\d{1,12}$/.test(exp) || !sig) return "bad";
      if (!constantTimeEqual(sig, sign(id, exp))) return "bad";
      return Number(exp) * 1000 > opts.now().getTime() ? "ok" : "expired";
    },
  };
}
