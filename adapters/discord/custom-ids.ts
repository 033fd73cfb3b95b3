// Custom ids of the modals the adapter opens, `modal:<kind>:<part>:<part>…`, and of the private
// pickers a card's More menu opens, `pick:<kind>:<ticket id>`; all well under Discord's 100
// characters. Card components use `ticket:<action>:<id>` (card.ts).
// @see https://discord.com/developers/docs/components/reference#anatomy-of-a-component-custom-id

export const modalKinds = ["reply", "comment", "split", "merge", "status", "new", "from_message", "send_reply"] as const;
export type ModalKind = (typeof modalKinds)[number];

/** Discord's limit on a custom id. */
export const customIdLength = 100;

export function modalId(kind: ModalKind, ...parts: (string | number)[]): string {
  const id = ["modal", kind, ...parts.map(String)].join(":");
  if (id.length > customIdLength) throw new Error(`modal custom id too long: ${id.length} characters`);
  return id;
}

export function parseModalId(customId: string): { kind: ModalKind; parts: string[] } | null {
  const [prefix, kind, ...parts] = customId.split(":");
  if (prefix !== "modal" || !(modalKinds as readonly string[]).includes(kind ?? "")) return null;
  return { kind: kind as ModalKind, parts };
}

/** The private pickers a More choice opens. */
export const pickKinds = ["assign", "move", "delete"] as const;
export type PickKind = (typeof pickKinds)[number];

/**
 * A picker control's custom id; like the card's, it carries all the handler needs, so any
 * replica can handle the click.
 */
export function pickCustomId(kind: PickKind, ticketId: number): string {
  return `pick:${kind}:${ticketId}`;
}

/** The picker and ticket a custom id names, or null when it is no picker of ours. */
export function parsePickCustomId(customId: string): { kind: PickKind; ticketId: number } | null {
  const m = /^pick:([a-z]+):(\d{1,15})$/.exec(customId);
  if (!m || !(pickKinds as readonly string[]).includes(m[1]!)) return null;
  return { kind: m[1] as PickKind, ticketId: Number(m[2]) };
}
