// Every ticket behind a figure, in chunks up to a cap: the dashboard's CSV export. The chunks are
// cut first (kpiTicketCuts, off the figure's index), then read two at a time while the caller
// formats the one before, so that the report connections (PostgreSQL's pool, SQLite's worker
// threads) read side by side and the database's part and the caller's overlap.
import type { Actor, CoreDeps } from "../deps.js";
import { kpiTicketCuts, kpiTickets } from "./kpi-tickets.js";
import type { KpiFigureName, KpiFilter, KpiTicketPage, KpiTicketRow } from "./kpi-types.js";

export interface KpiTicketChunk {
  rows: KpiTicketRow[];
  /** The cap was reached with tickets left: the export stops short of them. */
  cut: boolean;
}

/** Chunks read at once, besides the one being handed over: more would hold more of PostgreSQL's pool. */
const readAhead = 2;

/** The figure's tickets in order, about `chunk` at a time, `maxRows` at most. */
export async function* kpiTicketChunks(
  deps: CoreDeps,
  actor: Actor,
  filter: KpiFilter,
  opts: { figure: KpiFigureName; chunk: number; maxRows: number },
): AsyncGenerator<KpiTicketChunk, void, undefined> {
  const { figure, chunk, maxRows } = opts;
  const cuts = await kpiTicketCuts(deps, actor, filter, { figure, every: chunk, maxRows });
  // Part k lists the tickets after cut k-1 up to cut k; the last one, after the last cut, up to the cap.
  const parts = cuts.length + 1;
  const readPart = (k: number): Promise<KpiTicketPage> =>
    kpiTickets(deps, actor, filter, {
      figure,
      limit: k < cuts.length ? chunk : Math.min(chunk, maxRows - cuts.length * chunk),
      after: k > 0 ? cuts[k - 1] : null,
      until: k < cuts.length ? cuts[k] : null,
    });
  const reads: Promise<KpiTicketPage>[] = [];
  const start = (k: number) => {
    if (k >= parts || reads[k]) return;
    const read = readPart(k);
    // Awaited in turn below; one failing while an earlier one is awaited is heard then.
    read.catch(() => undefined);
    reads[k] = read;
  };
  let taken = 0;
  try {
    for (let k = 0; k < parts; k++) {
      for (let j = k; j <= k + readAhead; j++) start(j);
      let page = await reads[k]!;
      let rows = page.rows;
      // More tickets than at the cut (written since): the rest of this part, in turn.
      while (k < cuts.length && page.next) {
        page = await kpiTickets(deps, actor, filter, { figure, limit: chunk, after: page.next, until: cuts[k] });
        rows = rows.concat(page.rows);
      }
      taken += rows.length;
      const last = k === parts - 1;
      yield { rows, cut: last && page.next !== null && page.rows.length > 0 };
      if (last || taken >= maxRows) return;
    }
  } finally {
    for (const read of reads) void read?.catch(() => undefined);
  }
}
