// Custom ids of the modals the adapter opens: `modal:<kind>:<part>:<part>…`, well under Discord's
// 100 characters. Card components use `ticket:<action>:<id>` (card.ts).
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
