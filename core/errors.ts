/** The closed set of ways a use case can refuse. Adapters map every code (Record<ErrorCode, ...>). */
export const errorCodes = ["not_found", "forbidden", "invalid", "conflict"] as const;
export type ErrorCode = (typeof errorCodes)[number];

/** The one error the core throws. `message` is written to be shown to an agent as is. */
export class HelpdeskError extends Error {
  override readonly name = "HelpdeskError";
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Per-field messages, for forms that show errors beside the field. */
    readonly fields?: Readonly<Record<string, string>>,
  ) {
    super(message);
  }
}

export const notFound = (message: string) => new HelpdeskError("not_found", message);
export const forbidden = (message: string) => new HelpdeskError("forbidden", message);
export const invalid = (message: string, fields?: Record<string, string>) => new HelpdeskError("invalid", message, fields);
export const conflict = (message: string) => new HelpdeskError("conflict", message);

export function isHelpdeskError(e: unknown): e is HelpdeskError {
  return e instanceof HelpdeskError;
}
