// An admin turns a disabled webhook endpoint back on (after its receiver answered 410 Gone and
// was fixed). New events go to it again; deliveries stopped when it was disabled stay failed.
import { withTx, type Actor, type CoreDeps } from "../deps.js";
import { notFound } from "../errors.js";
import { msg } from "../i18n/translate.js";
import { upsertEndpoint } from "./record-webhook-attempt.js";
import { listedEndpoints, requireAdmin } from "./webhook-endpoints.js";

export interface EnableWebhookEndpointInput {
  /** The endpoint's id in the configuration, or a workflow call's (`workflow:<workflow id>:<action index>`). */
  endpoint: string;
}

/** Clears the endpoint's disabled state; `wasDisabled` says whether there was one. Admins only. */
export async function enableWebhookEndpoint(
  deps: CoreDeps,
  input: EnableWebhookEndpointInput,
  actor: Actor,
): Promise<{ endpoint: string; wasDisabled: boolean }> {
  return withTx(deps, async (tx) => {
    await requireAdmin(tx, actor);
    if (!listedEndpoints(deps.catalog.config).some((w) => w.id === input.endpoint))
      throw notFound(msg("webhooks.noEndpoint", { id: input.endpoint }));
    const row = await tx.selectFrom("WebhookEndpoint").select("disabledAt").where("id", "=", input.endpoint).executeTakeFirst();
    if (!row?.disabledAt) return { endpoint: input.endpoint, wasDisabled: false };
    await upsertEndpoint(tx, input.endpoint, { disabledAt: null, disabledReason: null, updatedAt: deps.now() });
    return { endpoint: input.endpoint, wasDisabled: true };
  });
}
