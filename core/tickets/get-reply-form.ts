import { canSeeTeam } from "../access.js";
import type { Actor, CoreDeps } from "../deps.js";
import { forbidden, invalid, notFound } from "../errors.js";
import { asDate } from "../sql.js";
import { toDraftView, type DraftView } from "./save-draft.js";
import { requireAgentSql } from "./ticket-rows-sql.js";

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
 * so this is one short transaction of prepared statements (see core/sql.ts). Refuses as the
 * reply would: a ticket the agent cannot see, a deleted one, a merged one.
 */
export async function getReplyForm(deps: CoreDeps, input: GetReplyFormInput, actor: Actor): Promise<ReplyForm> {
  if (actor.type !== "agent") throw forbidden("Only help desk agents can do that.");
  return deps.sql.transaction(async (q) => {
    const agent = await requireAgentSql(q, actor.agentId);
    const [t] = await q.query<{ pipelineId: string; statusId: string; teamId: string | null; deletedAt: unknown; mergedIntoId: number | null }>(
      `SELECT "pipelineId", "statusId", "teamId", "deletedAt", "mergedIntoId" FROM "Ticket" WHERE id = ?`,
      [input.ticketId],
    );
    if (!t || !canSeeTeam(agent, t.teamId)) throw notFound(`Ticket #${input.ticketId} was not found.`);
    if (t.deletedAt !== null) throw notFound(`Ticket #${input.ticketId} was deleted.`);
    if (t.mergedIntoId !== null) throw invalid(`Ticket #${input.ticketId} was merged into #${t.mergedIntoId}; work on #${t.mergedIntoId} instead.`);
    const [d] = await q.query<{ text: string; data: string; updatedAt: unknown }>(`SELECT text, data, "updatedAt" FROM "Draft" WHERE "agentId" = ? AND "ticketId" = ?`, [agent.id, input.ticketId]);
    const draft = d ? toDraftView({ ticketId: input.ticketId, text: d.text, data: d.data, updatedAt: asDate(d.updatedAt)! }) : null;
    return { ticketId: input.ticketId, pipelineId: t.pipelineId, statusId: t.statusId, draft };
  });
}
