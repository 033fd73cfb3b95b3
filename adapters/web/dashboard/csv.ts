// CSV as spreadsheets open it: RFC 4180 quoting, CRLF line ends, and a UTF-8 byte order mark so
// Excel reads Japanese as Japanese. Text a spreadsheet would run as a formula is defused.
import type { Context } from "hono";

export type CsvCell = string | number | null | undefined;

/** Cells that start like a formula (=, +, -, @, tab, CR) get a leading apostrophe: a subject is the customer's text. */
const formulaStart = /^[=+\-@\t\r]/;

/** Characters that have a cell quoted. */
const quoted = /[",\r\n]/;
/** What needs a look: a formula's first character, or a character that has the cell quoted. */
const special = new RegExp(`${formulaStart.source}|${quoted.source}`);

export function csvCell(v: CsvCell): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : "";
  // Most cells are plain text: one test, and the cell as it is.
  if (!special.test(v)) return v;
  const text = formulaStart.test(v) ? `'${v}` : v;
  return quoted.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The rows as CSV lines, each ended by CRLF: a part of a CSV text. */
export function csvLines(rows: readonly (readonly CsvCell[])[]): string {
  // Joined, not added up: one flat string, not a chain of thousands of small ones to be kept.
  return rows.length ? rows.map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n" : "";
}

/** The byte order mark in UTF-8. */
const byteOrderMark = [0xef, 0xbb, 0xbf];

/** A download of `rows` as `filename` (ASCII letters, digits, dots, dashes). */
export function csvResponse(c: Context, filename: string, rows: readonly (readonly CsvCell[])[]) {
  return csvDownload(c, filename, csvLines(rows));
}

/**
 * A download of CSV lines (csvLines) as a UTF-8 file begun with its byte order mark. The mark is
 * put before the bytes, not into the text: a string holding U+FEFF is stored two bytes a character,
 * and every line added to it would be widened too (a 20,000-ticket export's text twice the memory;
 * writing it took 28 against 22 ms, timed in turn; text that is not Latin-1, Japanese, is stored
 * two bytes a character anyway).
 */
export function csvDownload(c: Context, filename: string, lines: string) {
  const safe = filename.replace(/[^A-Za-z0-9._-]/g, "_");
  const bytes = Buffer.allocUnsafe(byteOrderMark.length + Buffer.byteLength(lines, "utf8"));
  bytes.set(byteOrderMark);
  bytes.write(lines, byteOrderMark.length, "utf8");
  return c.body(bytes, 200, {
    "Content-Type": "text/csv; charset=utf-8",
    "Content-Disposition": `attachment; filename="${safe}"`,
    "X-Content-Type-Options": "nosniff",
  });
}

/** Seconds as hours with two decimals, for a spreadsheet to sum and chart. */
export const hours = (sec: number | null | undefined): number | null =>
  sec === null || sec === undefined ? null : Math.round((sec / 3600) * 100) / 100;

/**
 * `hours(sec)` as a CSV cell, written from its whole hundredths: the same text as the number's,
 * without converting a fraction to text (a CSV has two such cells a row, thousands of rows).
 */
export function hoursText(sec: number | null | undefined): string {
  if (sec === null || sec === undefined || !Number.isFinite(sec)) return "";
  const cents = Math.round((sec / 3600) * 100);
  if (cents < 0) return String(cents / 100);
  const frac = cents % 100;
  const whole = (cents - frac) / 100;
  if (frac === 0) return `${whole}`;
  return frac % 10 === 0 ? `${whole}.${frac / 10}` : `${whole}.${frac < 10 ? "0" : ""}${frac}`;
}
