import { mailgunProvider } from "./mailgun.js";
import { postmarkProvider } from "./postmark.js";
import { rawProvider } from "./raw.js";
import { sendgridProvider } from "./sendgrid.js";
import type { EmailProvider, EmailProviderSpec } from "./types.js";

/** One entry per inbound-mail service; a provider missing here is a compile error. */
export const emailProviderRegistry: Record<EmailProvider, EmailProviderSpec> = {
  raw: rawProvider,
  postmark: postmarkProvider,
  sendgrid: sendgridProvider,
  mailgun: mailgunProvider,
};
