// Every ticket behind a figure, in chunks up to a cap: the dashboard's CSV export. Each chunk is
// read while the caller formats the one before, so the database's part (a PostgreSQL connection, a
// SQLite report worker) and the caller's overlap instead of taking turns.
import type { Actor, CoreDeps } from "../deps.js";
import { kpiTickets } from "./kpi-tickets.js";
import type { KpiFigureName, KpiFilter, KpiTicketPage, KpiTicketRow } from "./kpi-types.js";

export interface KpiTicketChunk {
  rows: KpiTicketRow[];
  /** The cap was reached with tickets left: the export stops short of them. */
  cut: boolean;
}

/**
 * The figure's tickets in order, `chunk` at a time, `maxRows` at most. The next chunk's read
 * starts as soon as this chunk's position is known, before this chunk is handed over.
 */
export async function* kpiTicketChunks(
  deps: CoreDeps,
  actor: Actor,
  filter: KpiFilter,
  opts: { figure: KpiFigureName; chunk: number; maxRows: number },
): AsyncGenerator<KpiTicketChunk, void, undefined> {
  const read = (taken: number, after: string | null) => {
    const page = kpiTickets(deps, actor, filter, { figure: opts.figure, limit: Math.min(opts.chunk, opts.maxRows - taken), after });
    // Handled from the start: while the caller holds a chunk nothing awaits the read ahead, and
    // its failure is heard when the caller asks for the next one (or by nobody, if it stops).
    page.catch(() => undefined);
    return page;
  };
  let taken = 0;
  let ahead: Promise<KpiTicketPage> | null = read(0, null);
  while (ahead) {
    const page: KpiTicketPage = await ahead;
    taken += page.rows.length;
    const more = page.next !== null && page.rows.length > 0;
    ahead = more && taken < opts.maxRows ? read(taken, page.next) : null;
    yield { rows: page.rows, cut: more && taken >= opts.maxRows };
  }
}
