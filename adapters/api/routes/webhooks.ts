// The outgoing webhooks' state for admins: which endpoints send, which were disabled and why, what
// waits or was given up on; and turning a disabled one back on, optionally resending what it missed.
import { z } from "zod";
import { enableWebhookEndpoint, webhookEndpoints } from "../../../core/index.js";
import { defineRoute } from "../route.js";
import { DateTime } from "../schemas.js";

const WebhookEndpoint = z
  .strictObject({
    id: z.string(),
    url: z.string(),
    events: z.array(z.string()),
    teams: z.array(z.string()).nullable(),
    workflow: z
      .strictObject({ id: z.string(), action: z.number().int() })
      .optional()
      .describe("Set for a workflow's call_webhook action (id `workflow:<workflow id>:<action index>`)."),
    enabled: z.boolean().describe("Whether it sends: on in the configuration and not disabled."),
    configuredOff: z.boolean(),
    disabled: z
      .strictObject({ at: DateTime, reason: z.string().nullable() })
      .nullable()
      .describe("Set when its receiver answered 410 Gone, until an admin enables it again."),
    lastSuccessAt: DateTime.nullable(),
    lastFailureAt: DateTime.nullable(),
    lastError: z.string().nullable(),
    pending: z.number().int().describe("Deliveries still to be made (due, or waiting for a retry)."),
    failed: z.number().int().describe("Deliveries given up on."),
  })
  .meta({ id: "WebhookEndpoint" });

export const listWebhooksRoute = defineRoute({
  method: "get",
  path: "/webhooks",
  operationId: "listWebhooks",
  summary: "The webhook endpoints and how their deliveries go (admins)",
  status: 200,
  response: z.strictObject({ webhooks: z.array(WebhookEndpoint) }),
  errors: [403],
  handle: async ({ deps, actor }) => ({ webhooks: await webhookEndpoints(deps, actor) }),
});

const EnableParams = z.object({ id: z.string().min(1).describe("The endpoint's id (URL-encoded for a workflow call's).") });
const EnableBody = z.strictObject({
  resendFailed: z.boolean().optional().describe("Also send its given-up deliveries again, oldest first."),
});

export const enableWebhookRoute = defineRoute({
  method: "post",
  path: "/webhooks/{id}/enable",
  operationId: "enableWebhook",
  summary: "Turn a disabled webhook endpoint back on (admins)",
  params: EnableParams,
  body: EnableBody,
  status: 200,
  response: z.strictObject({
    endpoint: z.string(),
    wasDisabled: z.boolean(),
    resent: z.number().int().describe("Failed deliveries queued again (0 unless resendFailed)."),
  }),
  errors: [400, 403, 404],
  handle: ({ deps, actor, params, body }) => enableWebhookEndpoint(deps, { endpoint: params.id, resendFailed: body.resendFailed }, actor),
});
