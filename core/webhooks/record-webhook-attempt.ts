// What the webhook delivery target (adapters/webhooks) records about an endpoint after each
// attempt: its last success, its last failure and why, and, when the receiver says it is gone
// (410), that it is disabled, with its pending deliveries stopped.
import { sql, type Updateable } from "kysely";
import { withTx, type CoreDeps } from "../deps.js";
import type { DB, Queryable, Tx } from "../db.js";
import { webhookKeyPrefix, webhookTarget } from "./enqueue-webhooks.js";

/** How an attempt ended, as far as the endpoint's record goes. */
export type WebhookAttempt =
  | { outcome: "delivered" }
  | { outcome: "failed"; lastError: string }
  /** The receiver answered 410 Gone: the endpoint is disabled and its pending rows (but `rowId`, the one being sent) stop. */
  | { outcome: "gone"; lastError: string; rowId: string };

/** Errors are kept short: they come from outside (a receiver's status line). */
const maxErrorLength = 500;

export async function recordWebhookAttempt(deps: Pick<CoreDeps, "db" | "now">, endpoint: string, attempt: WebhookAttempt): Promise<void> {
  await withTx(deps, async (tx) => {
    const at = deps.now();
    if (attempt.outcome === "delivered") return upsertEndpoint(tx, endpoint, { lastSuccessAt: at, updatedAt: at });
    const lastError = attempt.lastError.slice(0, maxErrorLength);
    if (attempt.outcome === "failed") return upsertEndpoint(tx, endpoint, { lastFailureAt: at, lastError, updatedAt: at });
    await upsertEndpoint(tx, endpoint, { disabledAt: at, disabledReason: lastError, lastFailureAt: at, lastError, updatedAt: at });
    await stopPendingDeliveries(tx, endpoint, lastError, attempt.rowId);
  });
}

/** Whether deliveries to the endpoint may go: false once it was disabled (until an admin enables it again). */
export async function webhookEndpointOpen(deps: Pick<CoreDeps, "db">, endpoint: string): Promise<boolean> {
  const row = await deps.db.selectFrom("WebhookEndpoint").select("disabledAt").where("id", "=", endpoint).executeTakeFirst();
  return !row?.disabledAt;
}

/** The endpoint's state row, written whole the first time and field by field after. */
export async function upsertEndpoint(
  q: Queryable,
  id: string,
  set: Updateable<DB["WebhookEndpoint"]> & { updatedAt: Date },
): Promise<void> {
  await q
    .insertInto("WebhookEndpoint")
    .values({ id, ...set })
    .onConflict((oc) => oc.column("id").doUpdateSet(set))
    .execute();
}

/**
 * Marks the endpoint's pending rows failed. A row another worker is sending right now keeps the
 * outcome its holder writes; if that is a retry, the retry finds the endpoint disabled and fails.
 */
async function stopPendingDeliveries(tx: Tx, endpoint: string, disabledFor: string, exceptRowId: string): Promise<void> {
  await tx
    .updateTable("Outbox")
    .set({ status: "failed", lastError: `endpoint disabled: ${disabledFor}` })
    .where("target", "=", webhookTarget)
    .where("status", "=", "pending")
    .where(keyStartsWith(webhookKeyPrefix(endpoint)))
    .where("id", "!=", exceptRowId)
    .execute();
}

/** Outbox rows whose key starts with `prefix` (endpoint ids may hold "_", which LIKE reads as any character). */
export const keyStartsWith = (prefix: string) =>
  sql<boolean>`${sql.ref("key")} like ${prefix.replace(/[\\%_]/g, (c) => `\\${c}`) + "%"} escape '\\'`;
