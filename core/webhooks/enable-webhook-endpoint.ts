// An admin turns a disabled webhook endpoint back on (after its receiver answered 410 Gone and
// was fixed), and may have the deliveries it never got sent again: those given up on after the
// last retry, and those stopped when it was disabled. New events go to it again either way.
import { withTx, type Actor, type CoreDeps } from "../deps.js";
import { notFound } from "../errors.js";
import { msg } from "../i18n/translate.js";
import { noteWork } from "../jobs/work-signal.js";
import { webhookKeyPrefix, webhookTarget } from "./enqueue-webhooks.js";
import { keyStartsWith, upsertEndpoint } from "./record-webhook-attempt.js";
import { listedEndpoints, requireAdmin } from "./webhook-endpoints.js";

export interface EnableWebhookEndpointInput {
  /** The endpoint's id in the configuration, or a workflow call's (`workflow:<workflow id>:<action index>`). */
  endpoint: string;
  /** Also send its failed deliveries again, from the first attempt, oldest first (each under its original event id). */
  resendFailed?: boolean | undefined;
}

export interface EnableWebhookEndpointResult {
  endpoint: string;
  /** Whether it had been disabled. */
  wasDisabled: boolean;
  /** Failed deliveries queued again (0 unless `resendFailed`). */
  resent: number;
}

/** Clears the endpoint's disabled state, and queues its failed deliveries again if asked. Admins only. */
export async function enableWebhookEndpoint(
  deps: CoreDeps,
  input: EnableWebhookEndpointInput,
  actor: Actor,
): Promise<EnableWebhookEndpointResult> {
  return withTx(deps, async (tx) => {
    await requireAdmin(tx, actor);
    if (!listedEndpoints(deps.catalog.config).some((w) => w.id === input.endpoint))
      throw notFound(msg("webhooks.noEndpoint", { id: input.endpoint }));
    const at = deps.now();
    const row = await tx.selectFrom("WebhookEndpoint").select("disabledAt").where("id", "=", input.endpoint).executeTakeFirst();
    const wasDisabled = !!row?.disabledAt;
    if (wasDisabled) await upsertEndpoint(tx, input.endpoint, { disabledAt: null, disabledReason: null, updatedAt: at });
    let resent = 0;
    if (input.resendFailed) {
      const r = await tx
        .updateTable("Outbox")
        .set({ status: "pending", attempts: 0, nextAttemptAt: at, lastError: null, lockedBy: null, lockedUntil: null })
        .where("target", "=", webhookTarget)
        .where("status", "=", "failed")
        .where(keyStartsWith(webhookKeyPrefix(input.endpoint)))
        .executeTakeFirst();
      resent = Number(r.numUpdatedRows);
      if (resent) noteWork(tx);
    }
    return { endpoint: input.endpoint, wasDisabled, resent };
  });
}
