// Building real RFC 5322 messages and provider requests for tests.
import { createHmac } from "node:crypto";

export interface MailSpec {
  from?: string;
  to?: string;
  cc?: string;
  subject?: string;
  messageId?: string | null;
  inReplyTo?: string;
  references?: string;
  date?: string;
  headers?: Record<string, string>;
  /** A body with its own Content-Type and transfer encoding already applied. */
  contentType?: string;
  transferEncoding?: string;
  body?: string | Buffer;
}

let n = 0;
/** A whole message as bytes (CRLF line ends). */
export function rawMail(spec: MailSpec = {}): Buffer {
  n++;
  const lines = [
    `From: ${spec.from ?? "Carol Customer <carol@customer.test>"}`,
    `To: ${spec.to ?? "support@acme.test"}`,
    ...(spec.cc ? [`Cc: ${spec.cc}`] : []),
    `Subject: ${spec.subject ?? `Question ${n}`}`,
    `Date: ${spec.date ?? "Mon, 05 Jan 2026 09:00:00 +0000"}`,
    ...(spec.messageId === null ? [] : [`Message-ID: ${spec.messageId ?? `<msg-${n}-${Date.now()}@customer.test>`}`]),
    ...(spec.inReplyTo ? [`In-Reply-To: ${spec.inReplyTo}`] : []),
    ...(spec.references ? [`References: ${spec.references}`] : []),
    ...Object.entries(spec.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
    "MIME-Version: 1.0",
    `Content-Type: ${spec.contentType ?? "text/plain; charset=utf-8"}`,
    ...(spec.transferEncoding ? [`Content-Transfer-Encoding: ${spec.transferEncoding}`] : []),
    "",
    "",
  ];
  const body = spec.body ?? "Hello, I need help.";
  return Buffer.concat([
    Buffer.from(lines.join("\r\n"), "latin1"),
    typeof body === "string" ? Buffer.from(body.replace(/\r?\n/g, "\r\n"), "utf8") : body,
  ]);
}

export const rawSecret = "raw-test-secret";
export const basicCreds = "inbound:s3cret";
export const mailgunKey = "key-mailgun-test";

export const signRaw = (body: Buffer, secret = rawSecret) => `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
export const basicAuth = (creds = basicCreds) => `Basic ${Buffer.from(creds).toString("base64")}`;

export function mailgunSignature(nowMs: number, key = mailgunKey, token = `tok${Math.random().toString(36).slice(2)}`) {
  const timestamp = String(Math.floor(nowMs / 1000));
  return {
    timestamp,
    token,
    signature: createHmac("sha256", key)
      .update(timestamp + token)
      .digest("hex"),
  };
}

export function formData(
  fields: Record<string, string>,
  files: { field: string; name: string; type: string; content: Buffer }[] = [],
): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  for (const file of files) f.append(file.field, new Blob([new Uint8Array(file.content)], { type: file.type }), file.name);
  return f;
}
