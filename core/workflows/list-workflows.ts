// `/ticket workflows`: the configured workflows and their last runs, for admins.
import { requireAgent } from "../access.js";
import { withTx, type Actor, type CoreDeps } from "../deps.js";
import { forbidden } from "../errors.js";
import { msg } from "../i18n/translate.js";
import type { WorkflowDefinition } from "./workflow-config.js";

export interface WorkflowRunView {
  ticketId: number;
  outcome: string;
  trigger: string;
  at: Date;
}

export interface WorkflowSummary {
  id: string;
  name: WorkflowDefinition["name"];
  enabled: boolean;
  trigger: WorkflowDefinition["trigger"]["on"];
  /** The ratings a `csat_received` trigger takes, when it takes only some. */
  ratings?: number[];
  actions: WorkflowDefinition["actions"][number]["do"][];
  /** Newest first. */
  runs: WorkflowRunView[];
}

function ratingsOf(t: WorkflowDefinition["trigger"]): { ratings?: number[] } {
  if (t.on !== "csat_received" || (!t.scores && t.atMost === undefined)) return {};
  return { ratings: [1, 2, 3, 4, 5].filter((r) => (!t.scores || t.scores.includes(r)) && (t.atMost === undefined || r <= t.atMost)) };
}

/** Each workflow in the config's order, with up to `runs` of its latest runs. Admins only. */
export async function listWorkflows(deps: CoreDeps, input: { runs?: number }, actor: Actor): Promise<WorkflowSummary[]> {
  return withTx(deps, async (tx) => {
    const agent = await requireAgent(tx, actor);
    if (agent.role !== "admin") throw forbidden(msg("workflows.onlyAdmins"));
    const out: WorkflowSummary[] = [];
    for (const w of deps.catalog.config.workflows) {
      // One index range per workflow (WorkflowRun(workflow, createdAt)).
      const runs = await tx
        .selectFrom("WorkflowRun")
        .select(["ticketId", "outcome", "trigger", "createdAt"])
        .where("workflow", "=", w.id)
        .orderBy("createdAt", "desc")
        .orderBy("id", "desc")
        .limit(input.runs ?? 3)
        .execute();
      out.push({
        id: w.id,
        name: w.name,
        enabled: w.enabled,
        trigger: w.trigger.on,
        ...ratingsOf(w.trigger),
        actions: w.actions.map((a) => a.do),
        runs: runs.map((r) => ({ ticketId: r.ticketId, outcome: r.outcome, trigger: r.trigger, at: r.createdAt })),
      });
    }
    return out;
  });
}
