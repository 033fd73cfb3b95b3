import { parseBoundedJson, type BoundedJson } from "../../../core/index.js";
import type { FormKind } from "../config.js";

/** Field values as a submission gave them, by the names the form's field map uses. */
export type SubmissionFields = Record<string, string>;

export interface FormRequest {
  body: Uint8Array;
  contentType: string;
  header(name: string): string | undefined;
}

/**
 * A verified request. Schemes that sign a timestamp name the signature (`signed.id`) and the time
 * its timestamp leaves the replay window (`signed.untilMs`): until then the same request can be sent
 * again, as a retry or as a replay.
 */
export type Verified = { ok: true; signed?: { id: string; untilMs: number } } | { ok: false; message: string };

export interface VerifyContext {
  /** The form's signing secret. */
  secret: string;
  /** The injected clock, for schemes that sign a timestamp. */
  now: Date;
  /** Signed timestamps further than this from `now` are refused (a captured request replayed later). */
  replayWindowMs: number;
}
export type Extracted = { ok: true; fields: SubmissionFields; eventId?: string | undefined } | { ok: false; message: string };

/** One way a form reaches us: how it signs, and how its payload carries the answers. */
export interface FormProviderSpec {
  verify(req: FormRequest, ctx: VerifyContext): Verified;
  extract(req: FormRequest): Extracted;
}

export type FormProviderRegistry = Record<FormKind, FormProviderSpec>;

/** A JSON scalar or list as the text a ticket field takes. */
export function asText(v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  if (Array.isArray(v))
    return (
      v
        .map(asText)
        .filter((s) => s !== undefined)
        .join(", ") || undefined
    );
  if (typeof v === "object") return undefined;
  return String(v);
}

/**
 * The body as JSON; JSON nested or sprawling far beyond any form's is refused before it is
 * built (see core/bounded-json.ts), with a message saying so.
 */
export function parseJson(body: Uint8Array): BoundedJson {
  return parseBoundedJson(body);
}
