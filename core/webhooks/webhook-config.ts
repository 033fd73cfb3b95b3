// Outgoing webhooks in the help desk's configuration: endpoints, each with the events it wants.
// The secret is named here (or its environment variable is); bot/ reads the variable at start.
import { z } from "zod";

/** The events an endpoint can ask for; each is read from a timeline event (webhook-events.ts). */
export const webhookEventTypes = [
  "ticket.created",
  "ticket.status_changed",
  "ticket.assigned",
  "ticket.customer_replied",
  "ticket.agent_replied",
  "sla.warning",
  "sla.breached",
  "csat.received",
] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];

const slug = z.string().regex(/^[a-z][a-z0-9_-]*$/, "ids are lower-case slugs");

/** Where webhooks go: http(s) only, no credentials in the address (they would end up in logs). */
export const EndpointUrl = z
  .url({ protocol: /^https?$/, error: "must be an http(s) URL such as https://crm.example.org/helpdesk-hook" })
  .refine((u) => !new URL(u).username && !new URL(u).password, "must not carry a user name or password");

export const WebhookSecret = z.string().min(16, "use at least 16 characters");
export const WebhookSecretEnv = z.string().regex(/^[A-Z][A-Z0-9_]*$/, "an environment variable name, e.g. WEBHOOK_CRM_SECRET");

/**
 * One endpoint: `secret` (at least 16 characters) or `secretEnv` (the variable holding it), not
 * both. `teams`: only tickets of these teams (a ticket without a team is then left out).
 * `enabled: false` keeps it configured but sends nothing (and queues nothing).
 */
export const WebhookEndpointDefinition = z
  .strictObject({
    id: slug,
    url: EndpointUrl,
    events: z.array(z.enum(webhookEventTypes)).min(1, "list at least one event"),
    secret: WebhookSecret.optional(),
    secretEnv: WebhookSecretEnv.optional(),
    enabled: z.boolean().default(true),
    teams: z.array(z.string()).min(1, "leave teams out to send every team's tickets").optional(),
  })
  .superRefine((e, ctx) => {
    if ((e.secret === undefined) === (e.secretEnv === undefined))
      ctx.addIssue({ code: "custom", path: ["secret"], message: "give secret or secretEnv (one of them)" });
  });
export type WebhookEndpointDefinition = z.infer<typeof WebhookEndpointDefinition>;

export const WebhooksConfig = z.array(WebhookEndpointDefinition).default([]);

/** Endpoint ids are unique and the teams they name exist. */
export function webhookReferences(
  cfg: { teams: { id: string }[]; webhooks: WebhookEndpointDefinition[] },
  issue: (path: (string | number)[], message: string) => void,
): void {
  const teams = new Set(cfg.teams.map((t) => t.id));
  const ids = new Set<string>();
  cfg.webhooks.forEach((w, i) => {
    if (ids.has(w.id)) issue(["webhooks", i, "id"], `webhook endpoint id "${w.id}" is used twice`);
    // Workflows' call_webhook deliveries are keyed under "workflow": an endpoint of that name would take them for its own.
    if (w.id === "workflow") issue(["webhooks", i, "id"], `webhook endpoint id "workflow" is reserved for workflows' call_webhook`);
    ids.add(w.id);
    for (const t of w.teams ?? []) if (!teams.has(t)) issue(["webhooks", i, "teams"], `webhook "${w.id}": no team "${t}"`);
  });
}
