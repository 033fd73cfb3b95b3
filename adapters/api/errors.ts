import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { z } from "zod";
import { errorCodes, Formats, isHelpdeskError, pickLocale, type ErrorCode } from "../../core/index.js";

/** Every core refusal's HTTP status: a new code fails the type-check until it is mapped here. */
export const statusOfCode: Record<ErrorCode, ContentfulStatusCode> = {
  not_found: 404,
  forbidden: 403,
  invalid: 400,
  conflict: 409,
};

/** Every `error.code` an answer can carry: the core's refusals, then the API's own. */
export const apiErrorCodes = [
  ...errorCodes,
  "unauthorized",
  "rate_limited",
  "idempotency_mismatch",
  "idempotency_in_progress",
  "too_large",
  "internal",
] as const;
export type ApiErrorCode = (typeof apiErrorCodes)[number];

/**
 * The body of every refusal: a stable `code` for programs, the core's message (English) for the
 * integrator, and per-field messages where the refusal is about fields.
 * @see https://spec.openapis.org/oas/v3.1.0 (documented as the `Error` schema)
 */
export interface ApiErrorBody {
  error: { code: ApiErrorCode; message: string; fields?: Record<string, string> | undefined };
}

export function apiError(c: Context, status: ContentfulStatusCode, code: ApiErrorCode, message: string, fields?: Record<string, string>) {
  const body: ApiErrorBody = { error: { code, message, ...(fields ? { fields } : {}) } };
  return c.json(body, status);
}

/**
 * A core refusal as its status and body; anything else is left to the server's error handler.
 * Its message is in the language `Accept-Language` asks for first among those the help desk
 * speaks (English otherwise), since an integration may show it to an agent as it is.
 */
export function coreErrorResponse(c: Context, e: unknown): Response {
  if (!isHelpdeskError(e)) throw e;
  const asked = (c.req.header("accept-language") ?? "").split(",").map((part) => part.split(";")[0]);
  const f = new Formats(pickLocale(asked, "en"));
  const fields = e.fieldsIn(f);
  return apiError(c, statusOfCode[e.code], e.code, e.messageIn(f), fields ? { ...fields } : undefined);
}

/** A request that does not match its schema: 400, each field's problem under its path. */
export function validationResponse(c: Context, where: string, error: z.ZodError): Response {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = [where, ...issue.path.map(String)].join(".");
    fields[path] ??= issue.message;
  }
  return apiError(c, 400, "invalid", `${where} does not match the schema`, fields);
}
