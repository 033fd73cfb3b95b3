// The OpenAPI 3.1 document, generated from the routes' zod schemas (JSON Schema 2020-12, which
// OpenAPI 3.1 uses as it is). Schemas with an id (`.meta({ id })`) become shared components.
import { z } from "zod";
import { ApiError } from "./schemas.js";
import type { ApiRoute } from "./route.js";

type Json = Record<string, unknown>;

const statusText: Record<number, string> = {
  200: "OK",
  201: "Created",
  400: "The request is invalid (see error.fields)",
  401: "No valid bearer token",
  403: "Not allowed for this token or its agent",
  404: "Not found, or not visible to the token's agent",
  409: "In conflict with the ticket's state, or the first request with this Idempotency-Key is still running",
  413: "The request body is larger than the server takes (1 MiB unless configured)",
  422: "Idempotency-Key reused with another request",
  429: "Rate limit reached: wait Retry-After seconds",
  500: "The server failed; nothing was changed unless a retry with the same Idempotency-Key says otherwise",
};

const integerHeader = (description: string) => ({ description, schema: { type: "integer", minimum: 0 } });

/** The response headers, described once in `components.headers`. */
const headerComponents: Json = {
  "WWW-Authenticate": { description: 'Bearer realm="helpdesk"', schema: { type: "string" } },
  "Retry-After": integerHeader(
    "Seconds to wait before sending the request again: until the token's window resets (429), or, with `idempotency_in_progress` (409), until a retry may take over a first request with the same Idempotency-Key that never answered.",
  ),
  "RateLimit-Limit": integerHeader("Requests the token may make per minute."),
  "RateLimit-Remaining": integerHeader("Requests left in the current minute."),
  "RateLimit-Reset": integerHeader("Seconds until the window resets."),
  "Idempotent-Replayed": {
    description: "`true` when this is the stored answer to an earlier request with the same Idempotency-Key.",
    schema: { type: "string", enum: ["true"] },
  },
};
const headerRefs = (...names: string[]): Json => Object.fromEntries(names.map((n) => [n, { $ref: `#/components/headers/${n}` }]));

/** Headers some answers carry, by status. */
const headersOf: Record<number, Json> = { 401: headerRefs("WWW-Authenticate"), 429: headerRefs("Retry-After") };

/** Every answer past authentication says where the token stands in its rate-limit window. */
const rateLimitHeaders = headerRefs("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset");

/**
 * Converts one schema, moving the definitions it refers to into `components` (shared across the
 * document, so Ticket is described once).
 */
function convert(schema: z.ZodType, io: "input" | "output", components: Json): Json {
  const json = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" }) as Json;
  const { $schema: _, $defs, ...rest } = json;
  const refs = (v: unknown): unknown => JSON.parse(JSON.stringify(v).replaceAll('"#/$defs/', '"#/components/schemas/'));
  for (const [name, def] of Object.entries(($defs as Json | undefined) ?? {})) components[name] = refs(def);
  // A schema that is itself a component comes back as a reference to it.
  const id = (z.globalRegistry.get(schema) as { id?: string } | undefined)?.id;
  if (id) {
    // zod answers a schema with an id as a reference to its own definition, moved above.
    if (!("$ref" in rest)) components[id] = refs(rest);
    return { $ref: `#/components/schemas/${id}` };
  }
  return refs(rest) as Json;
}

function parameters(route: ApiRoute, components: Json): Json[] {
  const out: Json[] = [];
  const pathShape = route.params instanceof z.ZodObject ? (route.params.shape as Record<string, z.ZodType>) : {};
  for (const name of route.path.match(/\{(\w+)\}/g) ?? []) {
    const key = name.slice(1, -1);
    const field = pathShape[key];
    // As parsed (a ticket number is coerced from the path's text to an integer).
    const { description, ...schema } = field ? convert(field, "output", components) : { type: "string" };
    out.push({ name: key, in: "path", required: true, ...(description ? { description } : {}), schema });
  }
  for (const [name, field] of Object.entries(route.query?.shape ?? {})) {
    const schema = convert(field as z.ZodType, "input", components);
    const { description, ...rest } = schema;
    out.push({
      name,
      in: "query",
      required: !(field as z.ZodType).safeParse(undefined).success,
      ...(description ? { description } : {}),
      schema: rest,
    });
  }
  return out;
}

const jsonContent = (schema: Json) => ({ "application/json": { schema } });

export function openApiDocument(routes: readonly ApiRoute[]): Json {
  const components: Json = {};
  const errorRef = convert(ApiError, "output", components);
  const paths: Record<string, Json> = {};
  for (const route of routes) {
    const replayed = route.method === "post" ? headerRefs("Idempotent-Replayed") : {};
    const responses: Json = {
      [route.status]: {
        description: statusText[route.status],
        headers: { ...rateLimitHeaders, ...replayed },
        content: jsonContent(convert(route.response, "output", components)),
      },
    };
    // 401 and 429 can answer any request, 500 too; a body too large, any that may carry one.
    const codes = new Set<number>([...route.errors, 401, 429, 500]);
    if (route.body || route.query || route.params) codes.add(400);
    if (route.method !== "get") {
      codes.add(403);
      codes.add(413);
    }
    if (route.method === "post") {
      codes.add(409);
      codes.add(422);
    }
    for (const code of [...codes].sort()) {
      // Refused before the token is counted (401, 413), or failed anywhere (500): no rate-limit headers.
      const headers = {
        ...([401, 413, 500].includes(code) ? {} : rateLimitHeaders),
        ...headersOf[code],
        // A retry while the first request with its Idempotency-Key still runs.
        ...(code === 409 && route.method === "post" ? headerRefs("Retry-After") : {}),
      };
      responses[code] = {
        description: statusText[code],
        ...(Object.keys(headers).length ? { headers } : {}),
        content: jsonContent(errorRef),
      };
    }
    const headers: Json[] =
      route.method === "post"
        ? [
            {
              name: "Idempotency-Key",
              in: "header",
              required: false,
              description: "A retry with the same key gets the first answer again instead of acting twice (kept 24 hours).",
              schema: { type: "string", minLength: 1, maxLength: 255 },
            },
          ]
        : [];
    const operation: Json = {
      operationId: route.operationId,
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      parameters: [...parameters(route, components), ...headers],
      ...(route.body ? { requestBody: { required: true, content: jsonContent(convert(route.body, "input", components)) } } : {}),
      responses,
    };
    (paths[route.path] ??= {})[route.method] = operation;
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Help desk REST API",
      version: "1",
      description:
        "Tickets as agents work them in chat. Every request carries `Authorization: Bearer <token>`; a token acts as its agent (their role and teams apply) or reads only.",
    },
    servers: [{ url: "/api/v1" }],
    security: [{ bearer: [] }],
    paths,
    components: {
      schemas: Object.fromEntries(Object.entries(components).sort(([a], [b]) => a.localeCompare(b))),
      headers: headerComponents,
      securitySchemes: { bearer: { type: "http", scheme: "bearer" } },
    },
  };
}
