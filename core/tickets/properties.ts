import type { Catalog } from "../config.js";
import { invalid } from "../errors.js";
import { msg, type Msg } from "../i18n/translate.js";

export type PropertyValue = string | number | boolean | null;

/**
 * Checks values against the declared custom properties and normalises them
 * (numbers from numeric strings, booleans from "true"/"false"). `null` clears a property.
 */
export function validateProperties(catalog: Catalog, values: Record<string, unknown>): Record<string, PropertyValue> {
  const out: Record<string, PropertyValue> = {};
  const errors: Record<string, Msg> = {};
  for (const [name, raw] of Object.entries(values)) {
    const def = catalog.property(name);
    if (!def) {
      errors[name] = msg("fields.propertyUnknown", { name });
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
        if (!Number.isFinite(n)) errors[name] = msg("fields.propertyNotNumber", { property: def.labels });
        else out[name] = n;
        break;
      }
      case "boolean":
        if (typeof raw === "boolean") out[name] = raw;
        else if (raw === "true" || raw === "false") out[name] = raw === "true";
        else errors[name] = msg("fields.propertyNotBoolean", { property: def.labels });
        break;
      case "select":
        if (!def.options?.includes(String(raw)))
          errors[name] = msg("fields.propertyNotOption", { property: def.labels, items: def.options ?? [] });
        else out[name] = String(raw);
        break;
      case "date": {
        const s = String(raw);
        if (!/^\d{4}-\d{2}-\d{2}/.test(s) || Number.isNaN(Date.parse(s)))
          errors[name] = msg("fields.propertyNotDate", { property: def.labels });
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
      throw invalid(msg("errors.notKeyValuePair", { text: bad.length > 60 ? `${bad.slice(0, 59)}…` : bad }), {
        properties: msg("fields.notKeyValuePairs"),
      });
    }
    out[m[1]!] = m[2] ?? m[3] ?? m[4] ?? m[5] ?? "";
    at = pair.lastIndex;
  }
  return out;
}
