// The SLA clocks a period counts, for SLA met % and its drill-down alike. A clock counts once, in
// the period it ended: met in the period (by metAt), in time when it was never breached, late when
// it was; or, never met, in the period it was breached (by breachedAt), as missed, whether it still
// runs, is paused or was cancelled (a ticket closed without the reply). A clock breached in one
// period and met late in a later one counts in the later one only.
import type { Queryable } from "../db.js";
import { ticketConditions, type KpiScope } from "./kpi-scope.js";

export function slaClocksInPeriod(q: Queryable, scope: KpiScope) {
  const { from, to } = scope.filter;
  const clocks = () =>
    q
      .selectFrom("SlaClock as c")
      // CROSS JOIN: SQLite reads the clocks first, by time; PostgreSQL plans it as any join.
      .crossJoin("Ticket as t")
      .whereRef("t.id", "=", "c.ticketId")
      .where(ticketConditions(scope));
  return {
    /** Met in the period: in time when breachedAt is null, else late. Ends at metAt. */
    met: clocks().where("c.metAt", ">=", from).where("c.metAt", "<", to).where("c.state", "=", "met"),
    /** Breached in the period and not met: missed. Ends at breachedAt. */
    unmet: clocks().where("c.breachedAt", ">=", from).where("c.breachedAt", "<", to).where("c.state", "<>", "met"),
  };
}
