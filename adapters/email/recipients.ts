// Address lists as a message gives them: a To: or Cc: header may hold tens of thousands of
// addresses (a list exploded into one mail), so everything here is one pass over the list.

/**
 * How many Cc addresses a message keeps on its record (shown in chat, offered for reply-all).
 * Beyond it the whole list goes into an attachment instead, so nothing the customer sent is lost.
 */
export const maxKeptCc = 100;

/** Name of the attachment holding a Cc list over {@link maxKeptCc}, one address a line. */
export const allCcAttachmentName = "all-cc-addresses.txt";

/** Trimmed, lower-cased addresses, first occurrence kept, in one pass. */
export function uniqueAddresses(list: Iterable<string | undefined>): string[] {
  const seen = new Set<string>();
  for (const a of list) {
    const k = a?.trim().toLowerCase();
    if (k) seen.add(k);
  }
  return [...seen];
}

/** Addresses deduplicated case-insensitively, each kept as first written, in one pass. */
export function distinctAsWritten(list: Iterable<string>): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const a of list) {
    const t = a.trim();
    const k = t.toLowerCase();
    if (!k || seen.has(k)) continue;
    seen.add(k);
    out.push(t);
  }
  return out;
}
