// Header fields are ASCII, with RFC 2047 encoded words for anything else, or UTF-8 (RFC 6532).
// Mail clients still send raw bytes in a legacy charset instead: a Shift_JIS or EUC-JP subject,
// an ISO-2022-JP display name without an encoded word, Outlook's windows-1252 apostrophe (0x92).
// postal-mime reads every header line as UTF-8, so such bytes came out as U+FFFD and the ticket,
// the card and the reply to the customer said "Can?t". The header blocks are rewritten to UTF-8
// before parsing, in the charset the bytes are most likely in; bodies are left untouched.
import { isUtf8 } from "node:buffer";
import { repairC1 } from "./windows-1252.js";

const lf = 0x0a;
const cr = 0x0d;
const esc = 0x1b;
const dash = 0x2d;

/** Labels mail software uses that the WHATWG encoding list (and so TextDecoder) spells otherwise. */
const aliases: Record<string, string> = { cp932: "shift_jis", ms932: "shift_jis" };

/** What the detection chooses among when the message declares nothing that fits. */
const detected = ["windows-1252", "shift_jis", "euc-jp"] as const;

// Only labels TextDecoder knows are kept (a finite list): the labels come from the messages.
const decoders = new Map<string, TextDecoder>();
/** A fatal decoder for a charset label, or null when TextDecoder does not know it. */
function decoder(label: string): TextDecoder | null {
  const name = aliases[label] ?? label;
  let d = decoders.get(name);
  if (!d) {
    try {
      d = new TextDecoder(name, { fatal: true });
    } catch {
      return null;
    }
    decoders.set(name, d);
  }
  return d;
}

function decodeOrNull(d: TextDecoder, bytes: Uint8Array): string | null {
  try {
    // Node's windows-1252 (and so ISO-8859-1 and ASCII) decoder leaves 0x80–0x9F as C1 controls.
    return d.encoding === "windows-1252" ? repairC1(d.decode(bytes)) : d.decode(bytes);
  } catch {
    return null;
  }
}

interface Range {
  start: number;
  end: number;
}

interface Structure {
  /** Header blocks (the message's, then each MIME part's), without their closing blank line. */
  blocks: { range: Range; charset: string | undefined }[];
  /** Charsets the Content-Type headers declare (known to TextDecoder), in order of appearance, without duplicates. */
  declared: string[];
}

const maxDeclared = 8;

const param = (header: string, name: string) => new RegExp(`;\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, "i").exec(header);

/**
 * The header blocks of a message and of its MIME parts, found by the boundaries the
 * Content-Type headers name, in one pass over the lines. An attached message (message/rfc822)
 * is body to us: its headers stay as they were sent, like the rest of the attachment.
 */
function structure(buf: Buffer): Structure {
  const blocks: Structure["blocks"] = [];
  const declared = new Set<string>();
  const boundaries: string[] = [];
  let inHeader = true;
  let blockStart = 0;
  const closeBlock = (end: number) => {
    const head = buf.toString("latin1", blockStart, end).replace(/\r?\n[ \t]/g, " ");
    const type = /^content-type:(.*)$/im.exec(head)?.[1] ?? "";
    const cs = param(type, "charset");
    const charset = (cs?.[1] ?? cs?.[2])?.trim().toLowerCase();
    // Each part may declare its own; a few distinct known ones are plenty to try, and the list
    // stays short however many parts a message has.
    if (charset && declared.size < maxDeclared && decoder(charset)) declared.add(charset);
    blocks.push({ range: { start: blockStart, end }, charset });
    const b = param(type, "boundary");
    if (/^\s*multipart\//i.test(type) && (b?.[1] ?? b?.[2])) boundaries.push(b?.[1] ?? b?.[2] ?? "");
  };
  for (let pos = 0; pos < buf.length;) {
    const nl = buf.indexOf(lf, pos);
    const next = nl < 0 ? buf.length : nl + 1;
    const end = nl < 0 ? buf.length : nl > pos && buf[nl - 1] === cr ? nl - 1 : nl;
    if (inHeader) {
      if (end === pos) {
        closeBlock(pos);
        inHeader = false;
      }
    } else if (boundaries.length && buf[pos] === dash && buf[pos + 1] === dash) {
      const line = buf.toString("latin1", pos + 2, end).trimEnd();
      for (let k = boundaries.length - 1; k >= 0; k--) {
        const b = boundaries[k];
        if (line === b) {
          // A new part of this multipart; parts of multiparts nested in the previous one are over.
          boundaries.length = k + 1;
          inHeader = true;
          blockStart = next;
          break;
        }
        if (line === `${b}--`) {
          boundaries.length = k;
          break;
        }
      }
    }
    pos = next;
  }
  if (inHeader && blockStart < buf.length) closeBlock(buf.length);
  return { blocks, declared: [...declared] };
}

const isAsciiLetter = (c: number | undefined) => c !== undefined && ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a));

/** How much a decoding reads like Japanese: kana and kanji count, anything outside them counts against. */
function japaneseScore(s: string): number {
  let score = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (c < 0x80) continue;
    if (c >= 0x3041 && c <= 0x30ff) score += 2;
    else if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x3000 && c <= 0x303f) || (c >= 0xff01 && c <= 0xff5e))
      score += 1;
    // Half-width katakana are Japanese, but also what Latin-1 letters read as Shift_JIS look like.
    else if (c >= 0xff61 && c <= 0xff9f) continue;
    else score -= 2;
  }
  return score;
}

const typographic = new Set("‘’‚“”„–—…•€™\u00a0«»°·");
const isLatinLetter = (c: number) => (c >= 0xc0 && c <= 0xff && c !== 0xd7 && c !== 0xf7) || "ŒœŠšŽžŸƒ".includes(String.fromCharCode(c));

/** How much a windows-1252 decoding reads like Western text: quotes and dashes, accented letters inside words. */
function latinScore(s: string): number {
  let score = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    // The five bytes windows-1252 leaves undefined.
    if (c <= 0x9f) score -= 3;
    else if (typographic.has(s[i] ?? "")) score += 1;
    else if (isLatinLetter(c) && (isAsciiLetter(s.charCodeAt(i - 1)) || isAsciiLetter(s.charCodeAt(i + 1)))) score += 1;
  }
  return score;
}

/** True when every run of 8-bit bytes is a single byte: how Western text looks, rarely Japanese. */
function onlyIsolatedHighBytes(lines: readonly Uint8Array[]): boolean {
  return lines.every((l) => l.every((b, i) => b < 0x80 || !((l[i + 1] ?? 0) >= 0x80)));
}

/**
 * The charset that reads every one of these lines: a charset the message declares first (the
 * block's own, then the others), else the likeliest of windows-1252, Shift_JIS and EUC-JP.
 * windows-1252 decodes any bytes, so there is always an answer and never a U+FFFD.
 */
function chooseCharset(lines: readonly Uint8Array[], declared: readonly string[]): TextDecoder {
  for (const label of declared) {
    // ASCII says nothing about 8-bit bytes (and TextDecoder reads it as windows-1252); UTF-8 already failed.
    if (/^(us-)?ascii$|^utf-?8$/.test(label)) continue;
    const d = decoder(label);
    if (d && lines.every((l) => decodeOrNull(d, l) !== null)) return d;
  }
  let best: { d: TextDecoder; score: number } | undefined;
  for (const label of detected) {
    const d = decoder(label)!;
    const texts = lines.map((l) => decodeOrNull(d, l));
    if (texts.some((t) => t === null)) continue;
    const text = texts.join("\n");
    const score = label === "windows-1252" ? latinScore(text) + (onlyIsolatedHighBytes(lines) ? 1 : 0) : japaneseScore(text);
    if (!best || score > best.score) best = { d, score };
  }
  return best?.d ?? decoder("windows-1252")!;
}

/** ESC $ or ESC ( : an ISO-2022-JP designation, which is 7-bit and so passes for ASCII. */
function hasIso2022Escape(line: Uint8Array): boolean {
  for (let i = line.indexOf(esc); i >= 0; i = line.indexOf(esc, i + 1)) if (line[i + 1] === 0x24 || line[i + 1] === 0x28) return true;
  return false;
}

/**
 * The message with every header line that is not UTF-8 (nor plain ASCII) rewritten as UTF-8,
 * decoded by the charsets the message declares, then by detection (see {@link chooseCharset});
 * ISO-2022-JP by its escape sequences. The same bytes when there is nothing to rewrite.
 */
export function headersToUtf8(raw: Uint8Array): Uint8Array {
  const buf = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  const needsWork = (r: Range) => {
    for (let i = r.start; i < r.end; i++) if (buf[i]! >= 0x80 || buf[i] === esc) return true;
    return false;
  };
  const { blocks, declared } = structure(buf);
  const touched = blocks.filter((b) => needsWork(b.range));
  if (!touched.length) return raw;
  const out: Uint8Array[] = [];
  let copied = 0;
  for (const block of touched) {
    const lines: Range[] = [];
    for (let pos = block.range.start; pos < block.range.end;) {
      const nl = buf.indexOf(lf, pos);
      const next = nl < 0 || nl >= block.range.end ? block.range.end : nl + 1;
      const end = nl < 0 || nl >= block.range.end ? block.range.end : nl > pos && buf[nl - 1] === cr ? nl - 1 : nl;
      lines.push({ start: pos, end });
      pos = next;
    }
    const eightBit = new Set(
      lines.filter((l) => {
        const bytes = buf.subarray(l.start, l.end);
        return bytes.some((b) => b >= 0x80) && !isUtf8(bytes);
      }),
    );
    const d = eightBit.size
      ? chooseCharset(
          [...eightBit].map((l) => buf.subarray(l.start, l.end)),
          block.charset ? [block.charset, ...declared] : declared,
        )
      : null;
    const jis = decoder("iso-2022-jp")!;
    for (const l of lines) {
      const bytes = buf.subarray(l.start, l.end);
      const text = d && eightBit.has(l) ? decodeOrNull(d, bytes) : hasIso2022Escape(bytes) ? decodeOrNull(jis, bytes) : null;
      if (text === null) continue;
      out.push(buf.subarray(copied, l.start), Buffer.from(text, "utf8"));
      copied = l.end;
    }
  }
  if (!out.length) return raw;
  out.push(buf.subarray(copied));
  return Buffer.concat(out);
}
