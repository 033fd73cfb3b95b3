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

interface RouteSpec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
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
  handle(ctx: RouteContext<z.output<P>, z.output<Q>, z.output<B>>): Promise<unknown>;
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
}

/** Types the handler by the schemas it is given. */
export function defineRoute<P extends z.ZodType = None, Q extends z.ZodObject | None = None, B extends z.ZodType = None>(
  spec: RouteSpec<P, Q, B>,
): ApiRoute {
  return spec as unknown as ApiRoute;
}

/** "/tickets/{id}" as hono writes it: "/tickets/:id". */
export const honoPath = (path: string) => path.replace(/\{(\w+)\}/g, ":$1");
