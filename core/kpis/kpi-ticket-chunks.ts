// Every ticket behind a figure, in chunks up to a cap: the dashboard's CSV export. The reader is
// checked, and each owner's and team's name looked up, once for the whole export. Each chunk is read
// while the caller formats the one before.
//
// Where the reads run on report connections of their own in this process (SQLite's worker threads,
// `deps.reports`), reading is the export's slow part: there a long export is cut in two halves
// (where the second starts is read off the figure's index first) and the second is read at once,
// a chunk after another, on the other worker, side by side with the first. Measured alternately at
// a million tickets, that took 4–17% off a 20,000-row export on SQLite; on PostgreSQL, whose server
// reads a chunk faster than this process takes it in, the same made it 6–8% slower, so there the
// export is read in one run.
import type { Actor, CoreDeps } from "../deps.js";
import { kpiTicketReader, type KpiTicketRead, type KpiTicketReader, type Position } from "./kpi-tickets.js";
import type { KpiFigureName, KpiFilter, KpiTicketRow } from "./kpi-types.js";

export interface KpiTicketChunk {
  rows: KpiTicketRow[];
  /** The cap was reached with tickets left: the export stops short of them. */
  cut: boolean;
}

/** A part of the figure's list: after a position (or from its start), up to one (or to its end), `max` tickets at most. */
interface Part {
  after: Position | null;
  until: Position | null;
  max: number;
}

/** Exports of fewer chunks than this are read in one run: the cut's own read would cost more than it saves. */
const splitFrom = 4;

/** The figure's tickets in order, `chunk` at a time (the last of a half may be shorter), `maxRows` at most. */
export async function* kpiTicketChunks(
  deps: CoreDeps,
  actor: Actor,
  filter: KpiFilter,
  opts: { figure: KpiFigureName; chunk: number; maxRows: number },
): AsyncGenerator<KpiTicketChunk, void, undefined> {
  const { chunk, maxRows } = opts;
  const reader = await kpiTicketReader(deps, actor, filter, opts.figure);
  // Set when the caller stops (or the export ends): no read starts after it.
  let stopped = false;
  const stop = () => stopped;
  try {
    const half = deps.reports && maxRows >= splitFrom * chunk ? Math.ceil(maxRows / 2 / chunk) * chunk : 0;
    const cut = half ? await reader.positionAt(half) : null;
    // Without a cut (a short list, or one merged from two): the whole list, in turn.
    const second = cut ? allPages(reader, { after: cut, until: null, max: maxRows - half }, chunk, stop) : null;
    let taken = 0;
    // Where the list goes on after what was handed over (null: nothing after it).
    let more: Position | null = null;
    // Hands pages over, as much of them as the cap leaves (the first half may have grown since its
    // cut); `beyond` says whether the list goes on past the end of these pages.
    async function* handOver(
      list: AsyncIterable<KpiTicketRead> | Iterable<KpiTicketRead>,
      beyond = async (): Promise<Position | null> => null,
    ) {
      for await (const page of list) {
        const rows = page.rows.slice(0, maxRows - taken);
        taken += rows.length;
        more = rows.length < page.rows.length ? (rows[rows.length - 1] ?? more) : page.next;
        if (taken >= maxRows && more === null) more = await beyond();
        if (rows.length) yield { rows: await reader.shown(rows), cut: more !== null && taken >= maxRows };
        if (taken >= maxRows) return;
      }
    }
    const first = pages(reader, { after: null, until: cut, max: maxRows }, chunk, stop);
    yield* handOver(first, async () => (cut && (await second)?.some((p) => p.rows.length) ? cut : null));
    if (!second || taken >= maxRows) return;
    yield* handOver(await second);
    // The second half stopped at its share with tickets after it (the first was shorter than at
    // its cut): the rest up to the cap, in turn.
    if (more && taken < maxRows) yield* handOver(pages(reader, { after: more, until: null, max: maxRows - taken }, chunk, stop));
  } finally {
    stopped = true;
  }
}

/**
 * A part of the list a chunk at a time: each read starts as soon as the one before has returned,
 * before the caller has taken that one.
 */
async function* pages(
  reader: KpiTicketReader,
  part: Part,
  chunk: number,
  stopped: () => boolean,
): AsyncGenerator<KpiTicketRead, void, undefined> {
  let left = part.max;
  const read = (after: Position | null) => {
    const page = reader.read(after, Math.min(chunk, left), part.until);
    // Handled from the start: while the caller holds a chunk nothing awaits the read ahead, and
    // its failure is heard when the caller asks for the next one (or by nobody, if it stops).
    page.catch(() => undefined);
    return page;
  };
  let ahead: Promise<KpiTicketRead> | null = left > 0 ? read(part.after) : null;
  while (ahead) {
    const page: KpiTicketRead = await ahead;
    left -= page.rows.length;
    ahead = page.next !== null && page.rows.length > 0 && left > 0 && !stopped() ? read(page.next) : null;
    yield page;
  }
}

/** A part of the list read whole, a chunk after another, without waiting for the caller. */
function allPages(reader: KpiTicketReader, part: Part, chunk: number, stopped: () => boolean): Promise<KpiTicketRead[]> {
  const all = (async () => {
    const read: KpiTicketRead[] = [];
    for await (const page of pages(reader, part, chunk, stopped)) read.push(page);
    return read;
  })();
  all.catch(() => undefined);
  return all;
}
