// The SLA clocks a period counts, for SLA met % and its drill-down alike. A clock counts once, in
// the period it ended: met in the period (by metAt), in time when it was never breached, late when
// it was; or, never met, in the period it was breached (by breachedAt), as missed, whether it still
// runs, is paused or was cancelled (a ticket closed without the reply). A clock breached in one
// period and met late in a later one counts in the later one only.
import { expressionBuilder, type Expression, type SqlBool } from "kysely";
import type { DB, Queryable } from "../db.js";
import type { KpiScope } from "./kpi-scope.js";

/**
 * The SLA clocks of the period (or `range`, a part of it) in the reader's scope, as `c`: each
 * clock carries its ticket's team, owner, pipeline, source and whether KPIs count the ticket
 * (core/sla/clocks.ts keeps them), so the count reads the clock index alone, the same conditions
 * as kpi-scope.ts `ticketConditions`.
 */
export function slaClocksInPeriod(q: Queryable, scope: KpiScope, range: { from: Date; to: Date } = scope.filter) {
  const { from, to } = range;
  const clocks = () => q.selectFrom("SlaClock as c").where(clockConditions(scope));
  return {
    /** Met in the period: in time when breachedAt is null, else late. Ends at metAt. */
    met: clocks().where("c.metAt", ">=", from).where("c.metAt", "<", to).where("c.state", "=", "met"),
    /** Breached in the period and not met: missed. Ends at breachedAt. */
    unmet: clocks().where("c.breachedAt", ">=", from).where("c.breachedAt", "<", to).where("c.state", "<>", "met"),
  };
}

function clockConditions(scope: KpiScope): Expression<SqlBool> {
  const eb = expressionBuilder<{ c: DB["SlaClock"] }, "c">();
  const { filter, teams } = scope;
  const all: Expression<SqlBool>[] = [eb("c.counted", "=", true)];
  // Team ids are slugs, never empty: '' stands for no team.
  if (teams !== undefined)
    all.push(
      eb(
        eb.fn.coalesce("c.teamId", eb.val("")),
        "in",
        teams.map((t) => t ?? ""),
      ),
    );
  if (filter.agentId !== undefined) all.push(eb("c.ownerId", "=", filter.agentId));
  if (filter.pipelineId !== undefined) all.push(eb("c.pipelineId", "=", filter.pipelineId));
  if (filter.source !== undefined) all.push(eb("c.source", "=", filter.source));
  return eb.and(all);
}
