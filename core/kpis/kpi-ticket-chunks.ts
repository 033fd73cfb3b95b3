// Every ticket behind a figure, in chunks up to a cap: the dashboard's CSV export. Each chunk is
// read while the caller formats the one before, so the database's part (a PostgreSQL connection, a
// SQLite report worker) and the caller's overlap instead of taking turns. The reader is checked,
// and each owner's and team's name looked up, once for the whole export.
import type { Actor, CoreDeps } from "../deps.js";
import { kpiTicketReader, type KpiTicketRead } from "./kpi-tickets.js";
import type { KpiFigureName, KpiFilter, KpiTicketRow } from "./kpi-types.js";

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
  const reader = await kpiTicketReader(deps, actor, filter, opts.figure);
  const read = (taken: number, after: KpiTicketRead["next"]) => {
    const page = reader.read(after, Math.min(opts.chunk, opts.maxRows - taken));
    // Handled from the start: while the caller holds a chunk nothing awaits the read ahead, and
    // its failure is heard when the caller asks for the next one (or by nobody, if it stops).
    page.catch(() => undefined);
    return page;
  };
  let taken = 0;
  let ahead: Promise<KpiTicketRead> | null = read(0, null);
  while (ahead) {
    const page: KpiTicketRead = await ahead;
    taken += page.rows.length;
    const more = page.next !== null && page.rows.length > 0;
    // The next read starts before this chunk's names are looked up.
    ahead = more && taken < opts.maxRows ? read(taken, page.next) : null;
    yield { rows: await reader.shown(page.rows), cut: more && taken >= opts.maxRows };
  }
}
