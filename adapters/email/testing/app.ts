// An in-process app with the email routes over a test core.
import type { Hono } from "hono";
import { silentLogger, type Logger } from "../../../core/index.js";
import { testCore, testConfigInput, type TestCore } from "../../../test/harness.js";
import type { EmailIntakeOptions, EmailSecrets, InboxDefinition } from "../config.js";
import { emailWebhookRoutes } from "../routes.js";
import { basicCreds, mailgunKey, rawSecret, rawMail, signRaw, type MailSpec } from "./mail.js";

export const testInboxes: InboxDefinition[] = [
  { address: "support@acme.test", name: "Acme Support", pipelineId: "support", default: true },
  { address: "vip@acme.test", name: "Acme VIP", pipelineId: "support", teamId: "vip", default: false },
  { address: "billing@acme.test", name: "Acme Billing", pipelineId: "billing", default: false },
];

export interface EmailTestApp {
  t: TestCore;
  app: Hono;
  /** Posts a raw message, signed. */
  postRaw(mail: Buffer | MailSpec, headers?: Record<string, string>): Promise<Response>;
}

export async function emailTestApp(
  opts: { maxBytes?: EmailIntakeOptions["maxBytes"]; attachmentMaxBytes?: number; secrets?: EmailSecrets; log?: Logger } = {},
): Promise<EmailTestApp> {
  const t = await testCore(testConfigInput);
  const routes = emailWebhookRoutes({
    deps: t.deps,
    log: opts.log ?? silentLogger,
    inboxes: testInboxes,
    secrets: opts.secrets ?? { raw: rawSecret, postmark: basicCreds, sendgrid: basicCreds, mailgun: mailgunKey },
    maxBytes: opts.maxBytes ?? 1024 * 1024,
    attachmentMaxBytes: opts.attachmentMaxBytes,
  });
  const postRaw = (mail: Buffer | MailSpec, headers: Record<string, string> = {}) => {
    const body = Buffer.isBuffer(mail) ? mail : rawMail(mail);
    return Promise.resolve(
      routes.request("/raw", {
        method: "POST",
        body: new Uint8Array(body),
        headers: { "content-type": "message/rfc822", "x-helpdesk-signature": signRaw(body), ...headers },
      }),
    );
  };
  return { t, app: routes, postRaw };
}
