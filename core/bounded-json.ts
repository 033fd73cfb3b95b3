// JSON from outside (webhook bodies, fields inside them) is parsed only once a linear scan of its
// bytes has shown it is not built to exhaust memory: JSON.parse materialises every array and
// object, so 24 MB of "[[[[…" or "[{},{},…" cost the process close to a gigabyte.

/** How deep JSON may nest, and how many values (containers and list or member separators) it may hold. */
export interface JsonLimits {
  maxDepth: number;
  maxValues: number;
}

/**
 * Far above any webhook payload we take (Postmark's address lists and headers are two levels
 * deep; a mail with 64,000 recipients is under 200,000 values) and far below what hurts.
 */
export const webhookJsonLimits: JsonLimits = { maxDepth: 64, maxValues: 500_000 };

export type BoundedJson =
  { ok: true; value: unknown } | { ok: false; reason: "too_deep" | "too_many_values" | "not_json"; message: string };

const quote = 0x22;
const backslash = 0x5c;

/**
 * Whether the JSON stays within the limits, by counting `[`, `{` and `,` outside strings in one
 * pass: no allocation, whatever the input. Says nothing about whether the JSON is valid. Works
 * on UTF-8 bytes and on text alike: every character it looks at is ASCII.
 */
export function checkJsonShape(input: Uint8Array | string, limits: JsonLimits = webhookJsonLimits): BoundedJson | null {
  const text = typeof input === "string" ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const at = typeof text === "string" ? (i: number) => text.charCodeAt(i) : (i: number) => text[i];
  let depth = 0;
  let values = 0;
  for (let i = 0; i < text.length; i++) {
    const c = at(i);
    if (c === quote) {
      // A string is skipped whole, natively: its end is the next quote not escaped by an odd
      // run of backslashes. Unterminated, it runs to the end.
      let end = i;
      do {
        end = typeof text === "string" ? text.indexOf('"', end + 1) : text.indexOf(quote, end + 1);
        let slashes = 0;
        while (end > 0 && at(end - 1 - slashes) === backslash) slashes++;
        if (end < 0 || slashes % 2 === 0) break;
      } while (end >= 0);
      if (end < 0) return null;
      i = end;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > limits.maxDepth)
        return { ok: false, reason: "too_deep", message: `The JSON nests deeper than ${limits.maxDepth} levels.` };
      if (++values > limits.maxValues) return tooMany(limits);
    } else if (c === 0x5d || c === 0x7d) depth--;
    else if (c === 0x2c && ++values > limits.maxValues) return tooMany(limits);
  }
  return null;
}

const tooMany = (limits: JsonLimits): BoundedJson => ({
  ok: false,
  reason: "too_many_values",
  message: `The JSON holds more than ${limits.maxValues} values.`,
});

/** JSON.parse of UTF-8 bytes (or text), once {@link checkJsonShape} has let them through. */
export function parseBoundedJson(input: Uint8Array | string, limits: JsonLimits = webhookJsonLimits): BoundedJson {
  const refused = checkJsonShape(input, limits);
  if (refused) return refused;
  try {
    return {
      ok: true,
      value: JSON.parse(typeof input === "string" ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString("utf8")),
    };
  } catch {
    return { ok: false, reason: "not_json", message: "The body is not JSON." };
  }
}
