// Test-only encoders for the legacy charsets customers still send. Node decodes them
// (TextDecoder) but cannot encode them, so the tables are built by decoding every code.

let sjis: Map<string, number[]> | null = null;
let jis: Map<string, number[]> | null = null;

function sjisTable(): Map<string, number[]> {
  if (sjis) return sjis;
  sjis = new Map();
  const d = new TextDecoder("shift_jis", { fatal: true });
  for (let a = 0x81; a <= 0xfc; a++) {
    for (let b = 0x40; b <= 0xfc; b++) {
      try {
        const ch = d.decode(Uint8Array.of(a, b));
        if ([...ch].length === 1 && !sjis.has(ch)) sjis.set(ch, [a, b]);
      } catch {
        /* not a character */
      }
    }
  }
  for (let a = 0xa1; a <= 0xdf; a++) sjis.set(d.decode(Uint8Array.of(a)), [a]);
  return sjis;
}

function jisTable(): Map<string, number[]> {
  if (jis) return jis;
  jis = new Map();
  const d = new TextDecoder("iso-2022-jp", { fatal: true });
  for (let a = 0x21; a <= 0x7e; a++) {
    for (let b = 0x21; b <= 0x7e; b++) {
      try {
        const ch = d.decode(Uint8Array.of(0x1b, 0x24, 0x42, a, b, 0x1b, 0x28, 0x42));
        if ([...ch].length === 1 && !jis.has(ch)) jis.set(ch, [a, b]);
      } catch {
        /* not a character */
      }
    }
  }
  return jis;
}

export function encodeShiftJis(text: string): Buffer {
  const t = sjisTable();
  const out: number[] = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) out.push(ch.charCodeAt(0));
    else out.push(...(t.get(ch) ?? [0x3f]));
  }
  return Buffer.from(out);
}

export function encodeIso2022Jp(text: string): Buffer {
  const t = jisTable();
  const out: number[] = [];
  let kanji = false;
  for (const ch of text) {
    const ascii = ch.charCodeAt(0) < 0x80;
    if (ascii && kanji) out.push(0x1b, 0x28, 0x42);
    if (!ascii && !kanji) out.push(0x1b, 0x24, 0x42);
    kanji = !ascii;
    out.push(...(ascii ? [ch.charCodeAt(0)] : (t.get(ch) ?? [0x21, 0x29])));
  }
  if (kanji) out.push(0x1b, 0x28, 0x42);
  return Buffer.from(out);
}

const cp1252Extra: Record<string, number> = {
  "€": 0x80,
  "‚": 0x82,
  "„": 0x84,
  "…": 0x85,
  "–": 0x96,
  "—": 0x97,
  "‘": 0x91,
  "’": 0x92,
  "“": 0x93,
  "”": 0x94,
  "™": 0x99,
};

export function encodeWindows1252(text: string): Buffer {
  return Buffer.from([...text].map((ch) => cp1252Extra[ch] ?? (ch.charCodeAt(0) < 0x100 ? ch.charCodeAt(0) : 0x3f)));
}

let euc: Map<string, number[]> | null = null;

function eucTable(): Map<string, number[]> {
  if (euc) return euc;
  euc = new Map();
  const d = new TextDecoder("euc-jp", { fatal: true });
  for (let a = 0xa1; a <= 0xfe; a++) {
    for (let b = 0xa1; b <= 0xfe; b++) {
      try {
        const ch = d.decode(Uint8Array.of(a, b));
        if ([...ch].length === 1 && !euc.has(ch)) euc.set(ch, [a, b]);
      } catch {
        /* not a character */
      }
    }
  }
  return euc;
}

export function encodeEucJp(text: string): Buffer {
  const t = eucTable();
  const out: number[] = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) out.push(ch.charCodeAt(0));
    else out.push(...(t.get(ch) ?? [0x3f]));
  }
  return Buffer.from(out);
}
