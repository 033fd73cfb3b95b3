// The webhook endpoints as admins see them: each configured endpoint with whether it sends, why
// not if it was disabled, its last success and failure, and its deliveries waiting or given up on.
import { requireAgent } from "../access.js";
import type { HelpdeskConfig } from "../config.js";
import { withTx, type Actor, type CoreDeps } from "../deps.js";
import type { Tx } from "../db.js";
import { forbidden } from "../errors.js";
import { msg } from "../i18n/translate.js";
import { webhookKeyPrefix, webhookTarget } from "./enqueue-webhooks.js";
import { keyStartsWith } from "./record-webhook-attempt.js";
import type { WebhookEventType } from "./webhook-config.js";
import { webhookDestinations } from "./webhook-destinations.js";

/** One configured endpoint and how its deliveries go. Dates are UTC. */
export interface WebhookEndpointStatus {
  id: string;
  url: string;
  events: (WebhookEventType | "workflow.webhook")[];
  teams: string[] | null;
  /** Set for a workflow's `call_webhook` action: the workflow and the action's index in it. */
  workflow?: { id: string; action: number };
  /** Whether it sends: on in the configuration and not disabled. */
  enabled: boolean;
  /** Off in the configuration (`enabled: false`). */
  configuredOff: boolean;
  /** Set when it was disabled (its receiver answered 410 Gone), until an admin enables it again. */
  disabled: { at: Date; reason: string | null } | null;
  lastSuccessAt: Date | null;
  lastFailureAt: Date | null;
  lastError: string | null;
  /** Deliveries still to be made (due, or waiting for a retry). */
  pending: number;
  /** Deliveries given up on (failed for good, or stopped when the endpoint was disabled). */
  failed: number;
}

/**
 * Every configured endpoint, in the configuration's order, then each `call_webhook` action of an
 * enabled workflow (its id `workflow:<workflow id>:<action index>`). Admins only.
 */
export async function webhookEndpoints(deps: CoreDeps, actor: Actor): Promise<WebhookEndpointStatus[]> {
  return withTx(deps, async (tx) => {
    await requireAdmin(tx, actor);
    const listed = listedEndpoints(deps.catalog.config);
    if (!listed.length) return [];
    const rows = await tx
      .selectFrom("WebhookEndpoint")
      .selectAll()
      .where(
        "id",
        "in",
        listed.map((w) => w.id),
      )
      .execute();
    const out: WebhookEndpointStatus[] = [];
    for (const w of listed) {
      const r = rows.find((x) => x.id === w.id);
      out.push({
        ...w,
        enabled: !w.configuredOff && !r?.disabledAt,
        disabled: r?.disabledAt ? { at: r.disabledAt, reason: r.disabledReason } : null,
        lastSuccessAt: r?.lastSuccessAt ?? null,
        lastFailureAt: r?.lastFailureAt ?? null,
        lastError: r?.lastError ?? null,
        ...(await deliveryCounts(tx, w.id)),
      });
    }
    return out;
  });
}

type Listed = Pick<WebhookEndpointStatus, "id" | "url" | "events" | "teams" | "configuredOff" | "workflow">;

/** The endpoints an admin can see and enable: the `webhooks` section's, then the workflows' calls. */
export function listedEndpoints(config: HelpdeskConfig): Listed[] {
  const calls = webhookDestinations(config).filter((d) => d.id.startsWith("workflow:"));
  return [
    ...config.webhooks.map((w) => ({
      id: w.id,
      url: w.url,
      events: [...w.events],
      teams: w.teams ? [...w.teams] : null,
      configuredOff: !w.enabled,
    })),
    ...calls.map((d) => {
      const [, workflow = "", action = "0"] = d.id.split(":");
      return {
        id: d.id,
        url: d.url,
        events: ["workflow.webhook" as const],
        teams: null,
        configuredOff: false,
        workflow: { id: workflow, action: Number(action) },
      };
    }),
  ];
}

export async function requireAdmin(tx: Tx, actor: Actor): Promise<void> {
  const agent = await requireAgent(tx, actor);
  if (agent.role !== "admin") throw forbidden(msg("webhooks.onlyAdmins"));
}

async function deliveryCounts(tx: Tx, endpoint: string): Promise<{ pending: number; failed: number }> {
  const rows = await tx
    .selectFrom("Outbox")
    .select((eb) => ["status", eb.fn.countAll<number | string | bigint>().as("n")])
    .where("target", "=", webhookTarget)
    .where("status", "in", ["pending", "failed"])
    .where(keyStartsWith(webhookKeyPrefix(endpoint)))
    .groupBy("status")
    .execute();
  const n = (status: string) => Number(rows.find((r) => r.status === status)?.n ?? 0);
  return { pending: n("pending"), failed: n("failed") };
}

/** The configured endpoints that are disabled, for the log at start (no actor: the service itself asks). */
export async function disabledWebhookEndpoints(
  deps: Pick<CoreDeps, "db" | "catalog">,
): Promise<{ id: string; at: Date; reason: string | null }[]> {
  const ids = webhookDestinations(deps.catalog.config).map((w) => w.id);
  if (!ids.length) return [];
  const rows = await deps.db
    .selectFrom("WebhookEndpoint")
    .select(["id", "disabledAt", "disabledReason"])
    .where("id", "in", ids)
    .where("disabledAt", "is not", null)
    .execute();
  return rows.flatMap((r) => (r.disabledAt ? [{ id: r.id, at: r.disabledAt, reason: r.disabledReason }] : []));
}
