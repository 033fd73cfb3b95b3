import type { Formats } from "./i18n/format.js";
import { english, render, type Msg } from "./i18n/translate.js";

/** The closed set of ways a use case can refuse. Adapters map every code (Record<ErrorCode, ...>). */
export const errorCodes = ["not_found", "forbidden", "invalid", "conflict"] as const;
export type ErrorCode = (typeof errorCodes)[number];

/** What a refusal says: a catalogue message (core/i18n), rendered in the reader's language; never a text in one language. */
export type ErrorText = Msg;

const inEnglish = (t: ErrorText) => render(t, english);

/**
 * The one error the core throws. Its texts are written to be shown to an agent as they are, in
 * their language (`messageIn`, `fieldsIn`); `message` and `fields` are the English, for logs.
 */
export class HelpdeskError extends Error {
  override readonly name = "HelpdeskError";
  constructor(
    readonly code: ErrorCode,
    readonly text: ErrorText,
    /** Per-field messages, for forms that show errors beside the field. */
    readonly fieldTexts?: Readonly<Record<string, ErrorText>>,
  ) {
    super(inEnglish(text));
  }

  /** The per-field messages in English. */
  get fields(): Readonly<Record<string, string>> | undefined {
    return this.fieldTexts && Object.fromEntries(Object.entries(this.fieldTexts).map(([k, v]) => [k, inEnglish(v)]));
  }

  messageIn(f: Formats): string {
    return render(this.text, f);
  }

  fieldsIn(f: Formats): Readonly<Record<string, string>> | undefined {
    return this.fieldTexts && Object.fromEntries(Object.entries(this.fieldTexts).map(([k, v]) => [k, render(v, f)]));
  }
}

export const notFound = (text: ErrorText) => new HelpdeskError("not_found", text);
export const forbidden = (text: ErrorText) => new HelpdeskError("forbidden", text);
export const invalid = (text: ErrorText, fields?: Record<string, ErrorText>) => new HelpdeskError("invalid", text, fields);
export const conflict = (text: ErrorText) => new HelpdeskError("conflict", text);

export function isHelpdeskError(e: unknown): e is HelpdeskError {
  return e instanceof HelpdeskError;
}
