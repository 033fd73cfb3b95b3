// Every ticket behind a figure, in chunks up to a cap: the dashboard's CSV export. The reader is
// checked, and each owner's and team's name looked up, once for the whole export. Reads run ahead
// of the caller, so that the next chunk is there when the caller has written this one: up to two
// chunks past the one it holds, or, on SQLite's report pool, the whole list up to the cap (its rows
// held here until written).
//
// On PostgreSQL the database first numbers the list and gives where each full chunk ends; each is
// then read between its ends, two at a time on the pool's connections, none waiting for the read
// before it to return, and the part short of a chunk is read on from the last end. (Read one
// after the other, each read started only once this thread was free to see the one before
// return: the server sat idle while the rows were written. The CSV export's time went down by
// about an eighth, measured alternately in one process at a million tickets.) On SQLite's report
// pool the list is one statement, whose rows its worker posts a chunk at a time as it reads them
// (the reader's `streamed`). On SQLite without the pool, and for the SLA-missed list on either
// database, each read starts where the one before ended.
//
// The caller's work (making rows and writing them) takes longer than a read, on both databases:
// one read ahead left the caller waiting now and then, two no longer did, three gave nothing more.
// (An export cut in two halves read side by side, SQLite on two report workers, used 10–25% more
// CPU for no shorter export once the CSV's own writing was counted; measured alternately in one
// process at a million tickets.)
import type { Actor, CoreDeps } from "../deps.js";
import { Handover } from "../handover.js";
import type { Position } from "./kpi-positions.js";
import { kpiTicketReader, maxLimit, type KpiTicketRead, type KpiTicketReader } from "./kpi-tickets.js";
import type { KpiFigureName, KpiFilter, KpiTicketRow } from "./kpi-types.js";

export interface KpiTicketChunk {
  rows: KpiTicketRow[];
  /** The cap was reached with tickets left: the export stops short of them. */
  cut: boolean;
}

/** Chunks read ahead of the one the caller holds. */
const readAhead = 2;

/** The figure's tickets in order, `chunk` at a time, `maxRows` at most. */
export async function* kpiTicketChunks(
  deps: CoreDeps,
  actor: Actor,
  filter: KpiFilter,
  opts: { figure: KpiFigureName; chunk: number; maxRows: number },
): AsyncGenerator<KpiTicketChunk, void, undefined> {
  // A chunk is what one read gives at most.
  const chunk = Math.min(Math.max(1, Math.floor(opts.chunk)), maxLimit);
  const maxRows = Math.max(1, Math.floor(opts.maxRows));
  const reader = await kpiTicketReader(deps, actor, filter, opts.figure);
  // Set when the caller stops (or the export ends): no read starts after it.
  let stopped = false;
  const isStopped = () => stopped;
  let taken = 0;
  // The parts as chunks, up to the cap: the cut said where it is reached with tickets left.
  async function* give(parts: AsyncIterable<Part>): AsyncGenerator<KpiTicketChunk, void, undefined> {
    for await (const part of parts) {
      // A list that grew since its chunks' ends were read gives more: the cap still holds.
      const over = taken + part.rows.length > maxRows;
      const rows = over ? part.rows.slice(0, maxRows - taken) : part.rows;
      taken += rows.length;
      let cut = over || part.cut;
      const last = rows[rows.length - 1];
      // At the cap exactly, a part that cannot tell (read between ends, which the list may have
      // outgrown since) asks whether any ticket follows.
      if (part.cut === null && !over && taken >= maxRows && last)
        cut = (await reader.read({ at: last.at, id: last.id }, 1)).rows.length > 0;
      if (rows.length) yield { rows: await reader.shown(rows), cut: cut === true };
      if (taken >= maxRows) return;
    }
  }
  try {
    const streamed = reader.streamed(maxRows + 1, chunk);
    if (streamed) {
      yield* give(upToCap(readThrough(streamed), maxRows));
      return;
    }
    const ends = await reader.chunkEnds(chunk, maxRows);
    if (ends) yield* give(byEnds(reader, ends, chunk, isStopped));
    // Short of the cap, the list goes on past the last end: its last part, shorter than a chunk
    // (which has no end of its own), and whatever it gained since the ends were read (tickets
    // that left it, or came after the end), one read after another.
    const after = ends?.[ends.length - 1] ?? null;
    if (taken < maxRows) yield* give(oneAfterAnother(reader, after, maxRows - taken, chunk, isStopped));
  } finally {
    stopped = true;
  }
}

/**
 * Tickets as read, not shown yet, and whether the list goes on past the export's cap (null: the
 * part cannot tell).
 */
interface Part {
  rows: KpiTicketRead["rows"];
  cut: boolean | null;
}

/**
 * The source read to its end as fast as it gives, whatever the caller's pace, what it gave waiting
 * here for the caller: a stream holds its report connection until it ends, and the caller's own
 * reads (the names) must not wait on it while it waits on them. The caller stopping ends the
 * reading at the source's next item, and returns once the source has ended.
 */
async function* readThrough<T>(source: AsyncIterable<T>): AsyncGenerator<T, void, undefined> {
  const items = new Handover<T>();
  let stopped = false;
  const reading = (async () => {
    try {
      for await (const item of source) {
        if (stopped) return;
        items.push(item);
      }
      items.end();
    } catch (e) {
      items.fail(e);
    }
  })();
  try {
    for (let item = await items.take(); item; item = await items.take()) yield item.value;
  } finally {
    stopped = true;
    await reading;
  }
}

/**
 * The chunks of a list read by one statement, one ticket past the cap at most: cut where that one
 * comes. At the cap exactly, the chunk waits for what follows (the one more ticket or the list's end).
 */
async function* upToCap(chunks: AsyncIterable<KpiTicketRead["rows"]>, max: number): AsyncGenerator<Part, void, undefined> {
  let count = 0;
  let held: KpiTicketRead["rows"] | null = null;
  for await (const rows of chunks) {
    if (!rows.length) continue;
    if (held) {
      yield { rows: held, cut: true };
      return;
    }
    count += rows.length;
    if (count > max) {
      yield { rows: rows.slice(0, rows.length - (count - max)), cut: true };
      return;
    }
    if (count === max) held = rows;
    else yield { rows, cut: false };
  }
  if (held) yield { rows: held, cut: false };
}

/**
 * The chunks between the ends the list was read to have (the reader's chunkEnds), each read as soon
 * as fewer than `readAhead` wait for the caller. A chunk's read does not wait for the one before it
 * to return, nor for the caller to take that one up.
 */
async function* byEnds(
  reader: KpiTicketReader,
  ends: Position[],
  chunk: number,
  stopped: () => boolean,
): AsyncGenerator<Part, void, undefined> {
  let asked = 0;
  const waiting: Promise<KpiTicketRead["rows"]>[] = [];
  const ask = () => {
    if (asked === ends.length) return;
    const after = asked ? ends[asked - 1]! : null;
    const until = ends[asked++]!;
    const read = (async () => {
      let page = await reader.read(after, chunk, until);
      if (!page.next) return page.rows;
      // More tickets between the ends than a read gives (some came into the chunk since its ends
      // were read): the rest of it, a read at a time.
      const rows = [...page.rows];
      while (page.next && !stopped()) {
        page = await reader.read(page.next, chunk, until);
        rows.push(...page.rows);
      }
      return rows;
    })();
    // Handled from the start, as in oneAfterAnother.
    read.catch(() => undefined);
    waiting.push(read);
  };
  for (let k = 0; k < readAhead; k++) ask();
  for (let i = 0; i < ends.length; i++) {
    const rows = await waiting.shift()!;
    ask();
    yield { rows, cut: null };
  }
}

/**
 * The list after `from` a chunk at a time, `max` tickets at most: each read starts from where the
 * one before ended, as soon as that one has returned and while fewer than `readAhead` chunks wait
 * for the caller; none starts once `stopped` says so.
 */
async function* oneAfterAnother(
  reader: KpiTicketReader,
  from: Position | null,
  max: number,
  chunk: number,
  stopped: () => boolean,
): AsyncGenerator<Part, void, undefined> {
  // Tickets the reads may still give. A read may give fewer than it asked for with more after it
  // (a read gives 2,000 at most): the list ends where a read says nothing comes next.
  let left = max;
  let last: Promise<KpiTicketRead | null> | null = null;
  const waiting: Promise<KpiTicketRead | null>[] = [];
  const ask = () => {
    const before = last;
    const read = (async () => {
      const prev = before && (await before);
      if (before && (!prev || prev.next === null || prev.rows.length === 0)) return null;
      if (left <= 0 || stopped()) return null;
      const page = await reader.read(prev ? prev.next : from, Math.min(chunk, left));
      left -= page.rows.length;
      return page;
    })();
    // Handled from the start: while the caller holds a chunk nothing awaits the reads ahead, and
    // a failure is heard when the caller asks for the next one (or by nobody, if it stops).
    read.catch(() => undefined);
    last = read;
    waiting.push(read);
  };
  for (let k = 0; k < readAhead; k++) ask();
  let given = 0;
  for (;;) {
    const page = await waiting.shift();
    if (!page) return;
    ask();
    given += page.rows.length;
    // Reads never ask past the cap: at the cap, a next position means tickets were left out.
    yield { rows: page.rows, cut: given >= max && page.next !== null };
  }
}
