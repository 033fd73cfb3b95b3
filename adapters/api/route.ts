// One API route as data: its method and path, the zod schemas of what it takes and answers (the
// OpenAPI document is generated from them), and the core call it makes.
import type { z } from "zod";
import type { Actor, CoreDeps } from "../../core/index.js";

/** What a handler is given: the request's parts, parsed by the route's schemas. */
export interface RouteContext<P, Q, B> {
  deps: CoreDeps;
  /** The token's agent. */
  actor: Actor;
  params: P;
  query: Q;
  body: B;
}

type Method = "get" | "post" | "patch" | "delete";
/** A route's parts that are absent: nothing to parse. */
type None = z.ZodUndefined;

interface RouteSpec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R> {
  method: Method;
  /** OpenAPI style, under /api/v1: "/tickets/{id}". */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  params?: P;
  /** An object of query parameters, each one string as it came (a list: comma-separated). */
  query?: Q;
  body?: B;
  /** The success status: 201 when the request made something. */
  status: 200 | 201;
  response: z.ZodType;
  /** The core refusals it may answer with, for the document (401 and 429 apply to every route). */
  errors: readonly (400 | 403 | 404 | 409)[];
  /**
   * The use case's call. A POST's returns what its one transaction returns, since a retry with the
   * same Idempotency-Key is answered from that, stored in the transaction (see `present`).
   */
  handle(ctx: RouteContext<z.output<P>, z.output<Q>, z.output<B>>): Promise<R>;
  /** The answer's body made of the use case's result, when it is not the result as it is. */
  present?: (result: R) => unknown;
}

/** A route with its types erased, as the router and the document read it. */
export interface ApiRoute {
  method: Method;
  path: string;
  operationId: string;
  summary: string;
  description?: string | undefined;
  params?: z.ZodType | undefined;
  query?: z.ZodObject | undefined;
  body?: z.ZodType | undefined;
  status: 200 | 201;
  response: z.ZodType;
  errors: readonly number[];
  handle(ctx: RouteContext<unknown, unknown, unknown>): Promise<unknown>;
  present?: ((result: unknown) => unknown) | undefined;
}

/** Types the handler by the schemas it is given. */
export function defineRoute<P extends z.ZodType = None, Q extends z.ZodObject | None = None, B extends z.ZodType = None, R = unknown>(
  spec: RouteSpec<P, Q, B, R>,
): ApiRoute {
  return spec as unknown as ApiRoute;
}

/** "/tickets/{id}" as hono writes it: "/tickets/:id". */
export const honoPath = (path: string) => path.replace(/\{(\w+)\}/g, ":$1");
