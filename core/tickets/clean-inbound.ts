import type { InboundInput } from "./ingest-inbound.js";

// PostgreSQL text cannot hold U+0000 (SQLite can): a NUL in a customer's mail or form would make
// the same message fail on one provider and pass on the other. Customers never mean one.
// eslint-disable-next-line no-control-regex -- matching NUL is the point
const nul = /\u0000/g;
const clean = <T extends string | undefined>(s: T): T => (s === undefined ? s : (s.replace(nul, "") as T));

/** The input with every NUL removed from the strings that get stored. */
export function withoutNul(input: InboundInput): InboundInput {
  return {
    ...input,
    from: { email: clean(input.from.email), name: clean(input.from.name) },
    subject: clean(input.subject),
    text: input.text.replace(nul, ""),
    html: clean(input.html),
    cc: input.cc?.map((c) => c.replace(nul, "")),
    externalId: clean(input.externalId),
    threadKeys: input.threadKeys && {
      ...input.threadKeys,
      messageIds: input.threadKeys.messageIds?.map((m) => m.replace(nul, "")),
    },
    properties:
      input.properties &&
      Object.fromEntries(Object.entries(input.properties).map(([k, v]) => [k, typeof v === "string" ? v.replace(nul, "") : v])),
    attachments: input.attachments?.map((a) => ({
      ...a,
      filename: a.filename.replace(nul, ""),
      contentType: a.contentType.replace(nul, ""),
    })),
  };
}
