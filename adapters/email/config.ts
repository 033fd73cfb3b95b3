// The email adapter's part of the configuration file: which addresses mail arrives at, and where
// their tickets go. It lives beside the adapter (core/config.ts knows nothing of email) and is
// parsed by bot/settings.ts from the same JSON file as the core's HelpdeskConfig.
import { z } from "zod";
import type { EmailProvider } from "./providers/types.js";

export const InboxDefinition = z.object({
  /** The address customers write to, e.g. support@acme.example. Plus-tags are matched too. */
  address: z.email().transform((a) => a.toLowerCase()),
  /** Display name used on outgoing mail ("Acme Support"). */
  name: z.string().min(1).optional(),
  pipelineId: z.string().optional(),
  teamId: z.string().optional(),
  /** The inbox replies are sent from when no inbox matches the ticket's team and pipeline. */
  default: z.boolean().default(false),
});
export type InboxDefinition = z.infer<typeof InboxDefinition>;

export const EmailConfig = z.object({ inboxes: z.array(InboxDefinition).default([]) }).superRefine((cfg, ctx) => {
  const seen = new Set<string>();
  cfg.inboxes.forEach((inbox, i) => {
    if (inbox.address.slice(0, inbox.address.lastIndexOf("@")).includes("+")) {
      ctx.addIssue({
        code: "custom",
        path: ["inboxes", i, "address"],
        message: "an inbox address cannot contain a plus-tag (it carries the ticket token)",
      });
    }
    if (seen.has(inbox.address))
      ctx.addIssue({ code: "custom", path: ["inboxes", i, "address"], message: `inbox "${inbox.address}" is listed twice` });
    seen.add(inbox.address);
  });
  if (cfg.inboxes.filter((i) => i.default).length > 1)
    ctx.addIssue({ code: "custom", path: ["inboxes"], message: "only one inbox may be the default" });
});
export type EmailConfig = z.infer<typeof EmailConfig>;

export const defaultAttachmentMaxBytes = 10 * 1024 * 1024;

/** Credentials per provider, from the environment; a provider without them accepts nothing. */
export interface EmailSecrets {
  /** HMAC-SHA256 key for `raw` deliveries. */
  raw?: string | undefined;
  /** "user:password" that Postmark sends as HTTP basic auth. */
  postmark?: string | undefined;
  /** "user:password" that SendGrid Inbound Parse sends as HTTP basic auth. */
  sendgrid?: string | undefined;
  /** Mailgun's HTTP webhook signing key. */
  mailgun?: string | undefined;
}

export interface EmailIntakeOptions {
  inboxes: InboxDefinition[];
  secrets: EmailSecrets;
  /**
   * Largest request accepted (413 beyond), per provider; one number for all of them. JSON
   * payloads are held to a nesting depth and size of their own besides (core/bounded-json.ts).
   */
  maxBytes: number | Readonly<Record<EmailProvider, number>>;
  /**
   * Attachments larger than this are recorded (name, type, size) without their content, so one
   * huge file cannot fill the database while agents still see that it was sent. Default 10 MiB.
   */
  attachmentMaxBytes?: number;
  /**
   * Mailgun signatures older or newer than this are refused (replays); within it, a token seen
   * again is processed only with the same content (Mailgun's retry), otherwise refused.
   */
  replayWindowMs?: number;
}

/** Addresses the intake treats as its own: the inbox address with or without a plus-tag. */
export function baseAddress(address: string): { base: string; tag: string | null } {
  const a = address.trim().toLowerCase();
  const at = a.lastIndexOf("@");
  if (at < 1) return { base: a, tag: null };
  const local = a.slice(0, at);
  const plus = local.indexOf("+");
  if (plus < 0) return { base: a, tag: null };
  return { base: `${local.slice(0, plus)}${a.slice(at)}`, tag: local.slice(plus + 1) };
}

/** The inbox that received a message: the first of its recipients that is one of ours. */
export function findInbox(inboxes: readonly InboxDefinition[], recipients: readonly string[]): InboxDefinition | undefined {
  for (const r of recipients) {
    const { base } = baseAddress(r);
    const hit = inboxes.find((i) => i.address === base);
    if (hit) return hit;
  }
  return undefined;
}
