import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ErrorCode } from "../../core/index.js";

/** How each core refusal is answered to a webhook caller; a new code is a compile error here. */
export const statusForCoreError: Record<ErrorCode, ContentfulStatusCode> = {
  invalid: 400,
  not_found: 404,
  forbidden: 403,
  conflict: 409,
};

export const errorBody = (code: string, message: string) => ({ error: { code, message } });
