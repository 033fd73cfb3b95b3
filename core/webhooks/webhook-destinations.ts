// Every place webhooks go, as the delivery target needs to know them: the endpoints of the
// `webhooks` section and the `call_webhook` actions of the workflows, each under one id (the
// endpoint's, or one made of the workflow's id and the action's place), all of them on.
import type { HelpdeskConfig } from "../config.js";
import type { WorkflowAction } from "../workflows/workflow-config.js";

/** Where one destination's deliveries go; its secret is given, or named by a variable (read by bot/). */
export interface WebhookDestination {
  id: string;
  url: string;
  secret?: string | undefined;
  secretEnv?: string | undefined;
  /** Its place in the config file, for a refusal at start ("webhooks.0", "workflows.2.actions.1"). */
  place: string;
}

/** The id a workflow's `call_webhook` action delivers under (config endpoint ids cannot hold ":"). */
export const workflowWebhookId = (workflowId: string, action: number) => `workflow:${workflowId}:${action}`;

export function webhookDestinations(config: Pick<HelpdeskConfig, "webhooks" | "workflows">): WebhookDestination[] {
  const out: WebhookDestination[] = [];
  config.webhooks.forEach((w, i) => {
    if (w.enabled) out.push({ id: w.id, url: w.url, secret: w.secret, secretEnv: w.secretEnv, place: `webhooks.${i}` });
  });
  config.workflows.forEach((w, i) => {
    if (!w.enabled) return;
    w.actions.forEach((a: WorkflowAction, k) => {
      // Checked at start: an enabled workflow's call has its url.
      if (a.do === "call_webhook" && a.url)
        out.push({
          id: workflowWebhookId(w.id, k),
          url: a.url,
          secret: a.secret,
          secretEnv: a.secretEnv,
          place: `workflows.${i}.actions.${k}`,
        });
    });
  });
  return out;
}
