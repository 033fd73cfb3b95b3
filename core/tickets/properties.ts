import type { Catalog } from "../config.js";
import { invalid } from "../errors.js";

export type PropertyValue = string | number | boolean | null;

/**
 * Checks values against the declared custom properties and normalises them
 * (numbers from numeric strings, booleans from "true"/"false"). `null` clears a property.
 */
export function validateProperties(catalog: Catalog, values: Record<string, unknown>): Record<string, PropertyValue> {
  const out: Record<string, PropertyValue> = {};
  const errors: Record<string, string> = {};
  for (const [name, raw] of Object.entries(values)) {
    const def = catalog.property(name);
    if (!def) {
      errors[name] = `There is no ticket property "${name}".`;
      continue;
    }
    if (raw === null || raw === undefined || raw === "") {
      out[name] = null;
      continue;
    }
    switch (def.type) {
      case "text":
        out[name] = String(raw);
        break;
      case "number": {
        const n = typeof raw === "number" ? raw : Number(String(raw).trim());
        if (!Number.isFinite(n)) errors[name] = `${def.label} must be a number.`;
        else out[name] = n;
        break;
      }
      case "boolean":
        if (typeof raw === "boolean") out[name] = raw;
        else if (raw === "true" || raw === "false") out[name] = raw === "true";
        else errors[name] = `${def.label} must be yes or no.`;
        break;
      case "select":
        if (!def.options?.includes(String(raw))) errors[name] = `${def.label} must be one of: ${def.options?.join(", ")}.`;
        else out[name] = String(raw);
        break;
      case "date": {
        const s = String(raw);
        if (!/^\d{4}-\d{2}-\d{2}/.test(s) || Number.isNaN(Date.parse(s))) errors[name] = `${def.label} must be a date (YYYY-MM-DD).`;
        else out[name] = s;
        break;
      }
    }
  }
  const first = Object.values(errors)[0];
  if (first) throw invalid(first, errors);
  return out;
}

/** Merges changes into stored properties; a null value removes the property. */
export function applyProperties(current: Record<string, unknown>, changes: Record<string, PropertyValue>): Record<string, unknown> {
  const next = { ...current };
  for (const [k, v] of Object.entries(changes)) {
    if (v === null) delete next[k];
    else next[k] = v;
  }
  return next;
}

/**
 * Reads `key=value` pairs as an agent types them on one line: `product=web seats=3`, with
 * `key="two words"` (straight or curly quotes, as phones type them) for a value with spaces and
 * `key=` to clear a property. Keys keep their case. Anything that is not a pair is refused,
 * naming it, rather than dropped; a key given twice keeps its last value.
 */
export function parsePropertyPairs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const pair = /\s*([A-Za-z_][\w.-]*)=(?:"([^"]*)"|“([^”]*)”|'([^']*)'|((?:[^\s"“”'][^\s"“”]*)?))(?=\s|$)/y;
  let at = 0;
  const rest = () => text.slice(at).trim();
  while (rest()) {
    pair.lastIndex = at;
    const m = pair.exec(text);
    if (!m) {
      const bad = rest().split(/\s+/)[0]!;
      throw invalid(
        `“${bad.length > 60 ? `${bad.slice(0, 59)}…` : bad}” is not a key=value pair; write them like product=web seats=3, with quotes around a value with spaces.`,
        {
          properties: "Not key=value pairs.",
        },
      );
    }
    out[m[1]!] = m[2] ?? m[3] ?? m[4] ?? m[5] ?? "";
    at = pair.lastIndex;
  }
  return out;
}
