import type { Entry } from "./catalogue.js";
import { en } from "./en/index.js";
import { Formats } from "./format.js";
import { ja } from "./ja/index.js";
import type { Locale } from "./locale.js";

type Catalogue = typeof en;
type AreaName = keyof Catalogue;
/** Every message's key, `area.name` (`errors.ticketNotFound`). */
export type MessageKey = { [A in AreaName]: `${A}.${keyof Catalogue[A] & string}` }[AreaName];
type EntryOf<K extends MessageKey> = K extends `${infer A extends AreaName}.${infer N}`
  ? N extends keyof Catalogue[A]
    ? Catalogue[A][N]
    : never
  : never;
/** The parameters a message takes: none for a text, else its function's first parameter. */
export type ParamsOf<K extends MessageKey> =
  EntryOf<K> extends (p: infer P, f: Formats) => string ? (unknown extends P ? undefined : P) : undefined;

/**
 * A message to be shown, not yet in any language: what the core hands out (refusals, notices)
 * and the adapters render for whoever reads it.
 */
export type Msg = { readonly [K in MessageKey]: { readonly key: K; readonly params: ParamsOf<K> } }[MessageKey];

export function msg<K extends MessageKey>(key: K, ...params: ParamsOf<K> extends undefined ? [] : [ParamsOf<K>]): Msg {
  return { key, params: params[0] } as Msg;
}

const catalogues = { en, ja } as unknown as Record<Locale, Record<string, Record<string, Entry>>>;

/** How to write for one reader: their formats (language, time zone) and `say` for a catalogue message. */
export interface Speech {
  f: Formats;
  say: (m: Msg) => string;
}

/** Speech in the language and time zone of `f`. */
export const speechIn = (f: Formats): Speech => ({ f, say: (m) => render(m, f) });

/** Renders a message in the language (and time zone) of `f`. */
export function render(m: Msg, f: Formats): string {
  const [area, name] = splitKey(m.key);
  const entry = catalogues[f.locale][area]?.[name] ?? catalogues.en[area]?.[name];
  if (entry === undefined) throw new Error(`no message ${m.key}`);
  return typeof entry === "string" ? entry : entry(m.params, f);
}

/** The same in English, UTC: for logs, and for callers that show no one a language. */
export const english = new Formats("en");

function splitKey(key: string): [string, string] {
  const dot = key.indexOf(".");
  return [key.slice(0, dot), key.slice(dot + 1)];
}
