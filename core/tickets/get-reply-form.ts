import { canSeeTeam, requireAgent } from "../access.js";
import type { Actor, CoreDeps } from "../deps.js";
import { forbidden, invalid, notFound } from "../errors.js";
import { msg } from "../i18n/translate.js";
import { toDraftView, type DraftView } from "./save-draft.js";

export interface GetReplyFormInput {
  ticketId: number;
}

/** What a reply form needs before it opens. */
export interface ReplyForm {
  ticketId: number;
  /** The statuses offered are the pipeline's; the current one is marked. */
  pipelineId: string;
  statusId: string;
  /** The agent's own unsent reply, to start from. */
  draft: DraftView | null;
}

/**
 * What an agent's reply form starts from: the ticket's pipeline and status and the agent's own
 * draft. Chat surfaces must show the form within moments of the click, before any slower work,
 * so this is two short statements (the agent, then the ticket with the agent's draft joined in)
 * and no transaction: nothing here needs one snapshot, and BEGIN/COMMIT would be two more round
 * trips. Refuses as the reply would: a ticket the agent cannot see, a deleted one, a merged one.
 */
export async function getReplyForm(deps: CoreDeps, input: GetReplyFormInput, actor: Actor): Promise<ReplyForm> {
  if (actor.type !== "agent") throw forbidden(msg("errors.agentsOnly"));
  const agent = await requireAgent(deps.db, actor);
  const t = await deps.db
    .selectFrom("Ticket as t")
    .leftJoin("Draft as d", (join) => join.onRef("d.ticketId", "=", "t.id").on("d.agentId", "=", agent.id))
    .select([
      "t.pipelineId",
      "t.statusId",
      "t.teamId",
      "t.deletedAt",
      "t.mergedIntoId",
      "d.agentId as draftAgentId",
      "d.text as draftText",
      "d.data as draftData",
      "d.updatedAt as draftUpdatedAt",
    ])
    .where("t.id", "=", input.ticketId)
    .executeTakeFirst();
  if (!t || !canSeeTeam(agent, t.teamId)) throw notFound(msg("errors.ticketNotFound", { id: input.ticketId }));
  if (t.deletedAt !== null) throw notFound(msg("errors.ticketDeleted", { id: input.ticketId }));
  if (t.mergedIntoId !== null) throw invalid(msg("errors.ticketMerged", { id: input.ticketId, into: t.mergedIntoId }));
  const draft =
    t.draftAgentId !== null && t.draftText !== null && t.draftData !== null && t.draftUpdatedAt !== null
      ? toDraftView({ ticketId: input.ticketId, text: t.draftText, data: t.draftData, updatedAt: t.draftUpdatedAt })
      : null;
  return { ticketId: input.ticketId, pipelineId: t.pipelineId, statusId: t.statusId, draft };
}
