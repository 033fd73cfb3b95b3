// multipart/form-data with every field kept as bytes. The platform's FormData decodes text
// fields as UTF-8, but SendGrid posts each field in the charset the mail used (and says which in
// its `charsets` field), so ISO-2022-JP or Shift_JIS text must be decoded after the fact.

export interface FormPart {
  name: string;
  filename?: string | undefined;
  contentType?: string | undefined;
  data: Buffer;
}

function param(header: string, name: string): string | undefined {
  const m = new RegExp(`(?:^|;)\\s*${name}\\*?=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]+))`, "i").exec(header);
  return m ? (m[1] ?? m[2])?.replace(/\\(.)/g, "$1") : undefined;
}

/** The parts of a multipart/form-data body, or null when it is not one. */
export function parseMultipart(body: Uint8Array, contentType: string): FormPart[] | null {
  if (!/^multipart\/form-data/i.test(contentType.trim())) return null;
  const boundary = param(contentType, "boundary");
  if (!boundary) return null;
  const buf = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: FormPart[] = [];
  let pos = buf.indexOf(delimiter);
  if (pos < 0) return null;
  for (;;) {
    pos += delimiter.length;
    if (buf.subarray(pos, pos + 2).toString() === "--") return parts;
    const headerEnd = buf.indexOf("\r\n\r\n", pos);
    if (headerEnd < 0) return null;
    const next = buf.indexOf(Buffer.from(`\r\n--${boundary}`), headerEnd + 4);
    if (next < 0) return null;
    const headers = buf.subarray(pos, headerEnd).toString("utf8").split("\r\n").filter(Boolean);
    const get = (n: string) =>
      headers
        .find((h) => h.toLowerCase().startsWith(`${n}:`))
        ?.slice(n.length + 1)
        .trim();
    const disposition = get("content-disposition") ?? "";
    const name = param(disposition, "name");
    if (name !== undefined)
      parts.push({
        name,
        filename: param(disposition, "filename"),
        contentType: get("content-type"),
        data: buf.subarray(headerEnd + 4, next),
      });
    pos = next + 2;
  }
}
