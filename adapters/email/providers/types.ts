import type { KeySighting } from "../../../core/index.js";
import type { ParsedEmail } from "../parsed-email.js";

export const emailProviders = ["raw", "postmark", "sendgrid", "mailgun"] as const;
export type EmailProvider = (typeof emailProviders)[number];

export function isEmailProvider(name: string): name is EmailProvider {
  return (emailProviders as readonly string[]).includes(name);
}

/** The parts of an HTTP request a provider looks at; the body is the exact bytes received. */
export interface ProviderRequest {
  body: Uint8Array;
  contentType: string;
  header(name: string): string | undefined;
}

export interface ProviderContext {
  /** The provider's credential from the environment (a provider without one never gets here). */
  secret: string;
  now: Date;
  replayWindowMs: number;
  /**
   * Records a signed request's one-time value (Mailgun's token) with what the request carried,
   * for `ttlMs` from now; answers whether it was seen before, and what its first sighting carried.
   */
  sight(key: string, ttlMs: number, value: string): Promise<KeySighting>;
}

/** Expected failures at the edge, returned as data: 401 writes nothing, 400 names what is wrong. */
export type Rejection = { status: 400 | 401 | 413 | 415; code: string; message: string };
export type Received = { ok: true; email: ParsedEmail } | ({ ok: false } & Rejection);

/**
 * One inbound-mail service: checks the request is really from it, then turns its payload into
 * a ParsedEmail. Adding a service is one file and one entry in the registry.
 */
export interface EmailProviderSpec {
  /**
   * Credentials that travel in headers, checked before the body is read: a caller without them
   * must not make us buffer a 25 MB upload first. Null when the request may go on. The route
   * always runs this before `receive`.
   */
  checkHeaders?(req: Pick<ProviderRequest, "header">, secret: string): Rejection | null;
  receive(req: ProviderRequest, ctx: ProviderContext): Promise<Received>;
}

export const reject = (status: Rejection["status"], code: string, message: string): Received => ({ ok: false, status, code, message });
export const unauthorized = (message: string) => reject(401, "unauthorized", message);
export const malformed = (message: string) => reject(400, "malformed", message);
export const badBasicAuth: Rejection = { status: 401, code: "unauthorized", message: "Bad or missing basic auth credentials." };
