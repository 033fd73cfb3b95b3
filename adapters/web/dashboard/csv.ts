// CSV as spreadsheets open it: RFC 4180 quoting, CRLF line ends, and a UTF-8 byte order mark so
// Excel reads Japanese as Japanese. Text a spreadsheet would run as a formula is defused.
import type { Context } from "hono";

export type CsvCell = string | number | null | undefined;

/** Cells that start like a formula (=, +, -, @, tab, CR) get a leading apostrophe: a subject is the customer's text. */
const formulaStart = /^[=+\-@\t\r]/;

export function csvCell(v: CsvCell): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : "";
  const text = formulaStart.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvText(rows: readonly (readonly CsvCell[])[]): string {
  return "\uFEFF" + rows.map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

/** A download of `rows` as `filename` (ASCII letters, digits, dots, dashes). */
export function csvResponse(c: Context, filename: string, rows: readonly (readonly CsvCell[])[]) {
  const safe = filename.replace(/[^A-Za-z0-9._-]/g, "_");
  return c.body(csvText(rows), 200, {
    "Content-Type": "text/csv; charset=utf-8",
    "Content-Disposition": `attachment; filename="${safe}"`,
    "X-Content-Type-Options": "nosniff",
  });
}

/** Seconds as hours with two decimals, for a spreadsheet to sum and chart. */
export const hours = (sec: number | null | undefined): number | null =>
  sec === null || sec === undefined ? null : Math.round((sec / 3600) * 100) / 100;
