// A ticket's place in a figure's list (the drill-down's pages and the CSV export's chunks): the
// conditions that read after or up to one, the part of the period such a read walks, and the
// position as the dashboard's next-page link carries it.
import { sql, type SqlBool } from "kysely";
import { invalid } from "../errors.js";
import { msg } from "../i18n/translate.js";
import type { KpiScope, PeriodColumn } from "./kpi-scope.js";

/** A ticket's place in a figure's list: its time in the figure's column, and its number. */
export interface Position {
  at: Date;
  id: number;
}

/** Between two positions of a list, each end left open when null. */
export interface Between {
  after: Position | null;
  until?: Position | undefined;
}

/**
 * The part of the period a page between positions reads: from the time of the one it follows, up
 * to the time of the one it ends at (times are whole milliseconds), not from the period's start nor
 * to its end. SQLite starts an index range at one bound of its column, and given both took the
 * period's: a page near the end of a quarter read every entry up to the position. (Only
 * PostgreSQL's reads end at a position today, where the row comparison bounds the index range
 * already; the time bounds it on either database.)
 */
export function fromPosition(scope: KpiScope, { after, until }: Between): { from: Date; to: Date } {
  const { from, to } = scope.filter;
  const end = until ? new Date(until.at.getTime() + 1) : to;
  return { from: after && after.at > from ? after.at : from, to: end < to ? end : to };
}

/** After the position, within a range that starts at its time (fromPosition). */
export function afterPosition(key: string, idColumn: string, p: Position) {
  const k = sql.ref(key);
  return sql<SqlBool>`(${k} > ${p.at} or (${k} = ${p.at} and ${sql.ref(idColumn)} > ${p.id}))`;
}

/** At or before the position, within a range that ends at its time (fromPosition). */
export function untilPosition(key: string, idColumn: string, p: Position) {
  const k = sql.ref(key);
  return sql<SqlBool>`(${k} < ${p.at} or (${k} = ${p.at} and ${sql.ref(idColumn)} <= ${p.id}))`;
}

/**
 * After the position in a period index, which holds (time, ticket number) first: one row value,
 * which PostgreSQL starts the index range at. (SQLite starts it at the time alone, the ticket
 * number being its rowid: the range starts at the position's time for it, fromPosition.)
 */
export function afterInPeriodIndex(key: PeriodColumn, p: Position) {
  return sql<SqlBool>`(${sql.ref(key)}, ${sql.ref("t.id")}) > (${p.at}, ${p.id})`;
}

/** At or before the position in a period index, as afterInPeriodIndex. */
export function untilInPeriodIndex(key: PeriodColumn, p: Position) {
  return sql<SqlBool>`(${sql.ref(key)}, ${sql.ref("t.id")}) <= (${p.at}, ${p.id})`;
}

/** The position as a next-page link carries it. */
export function encodePosition(p: Position): string {
  return Buffer.from(JSON.stringify([p.at.toISOString(), p.id])).toString("base64url");
}

/** A next-page link's position; `invalid` for text no read gave out. */
export function decodePosition(text: string): Position {
  try {
    const [at, id] = JSON.parse(Buffer.from(text, "base64url").toString("utf8")) as unknown[];
    const when = new Date(String(at));
    if (typeof at === "string" && Number.isInteger(id) && !Number.isNaN(when.getTime())) return { at: when, id: id as number };
  } catch {
    // Not a position this read gave out.
  }
  throw invalid(msg("kpis.cursorInvalid"));
}
