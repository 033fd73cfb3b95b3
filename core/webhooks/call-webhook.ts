// A workflow's `call_webhook` action: one signed POST about the ticket, sent like any outgoing
// webhook (the same outbox row, signature, retries and 410 handling) to the action's own URL.
import type { Catalog } from "../config.js";
import type { Tx } from "../db.js";
import { newId } from "../ids.js";
import { workflowsActingIn } from "../jobs/work-signal.js";
import { loadTicketWithRefs, toTicketView } from "../tickets/view.js";
import type { WorkflowAction } from "../workflows/workflow-config.js";
import { insertWebhookRows, webhookRow, type WebhookEvent } from "./enqueue-webhooks.js";
import { publicTicket } from "./public-ticket.js";
import { workflowWebhookId } from "./webhook-destinations.js";

type CallWebhook = Extract<WorkflowAction, { do: "call_webhook" }>;

/**
 * Queues the call, in the workflow's transaction. Run inside the workflow (its id is the last of
 * the chain acting). `failed` when the call has no destination: its receiver answered 410 and
 * nobody enabled it again, or the action is not one of the configured workflow's.
 */
export async function callWebhook(
  tx: Tx,
  deps: { catalog: Catalog },
  a: CallWebhook,
  ticketId: number,
  at: Date,
): Promise<{ outcome: "done"; detail: { eventId: string } } | { outcome: "failed"; detail: { reason: string } }> {
  const workflowId = workflowsActingIn(tx).at(-1);
  const index = deps.catalog.config.workflows.find((w) => w.id === workflowId)?.actions.indexOf(a) ?? -1;
  if (workflowId === undefined || index < 0) return { outcome: "failed", detail: { reason: "not an action of a configured workflow" } };
  const endpoint = workflowWebhookId(workflowId, index);
  const state = await tx
    .selectFrom("WebhookEndpoint")
    .select(["disabledAt", "disabledReason"])
    .where("id", "=", endpoint)
    .executeTakeFirst();
  if (state?.disabledAt) return { outcome: "failed", detail: { reason: `webhook disabled: ${state.disabledReason ?? ""}`.trim() } };
  const t = await loadTicketWithRefs(tx, ticketId);
  if (!t) return { outcome: "failed", detail: { reason: "no such ticket" } };
  const event: WebhookEvent = {
    id: newId(),
    type: "workflow.webhook",
    createdAt: at.toISOString(),
    ticket: publicTicket(toTicketView(t, deps.catalog)),
    data: { workflow: workflowId, action: index },
  };
  await insertWebhookRows(tx, [webhookRow(endpoint, ticketId, event, at)]);
  return { outcome: "done", detail: { eventId: event.id } };
}
