// Node 20's TextDecoder("windows-1252") decodes 0x80–0x9F as C1 control characters (ISO-8859-1),
// so "smart quotes", dashes and the euro sign from Outlook mail come out as invisible controls.
// C1 controls never belong in mail text; mapping them to windows-1252 undoes the damage for
// every part and header postal-mime decoded through that decoder.
const cp1252High = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ";

export function repairC1(s: string): string;
export function repairC1(s: string | undefined): string | undefined;
export function repairC1(s: string | undefined): string | undefined {
  if (s === undefined || !/[\u0080-\u009f]/.test(s)) return s;
  return s.replace(/[\u0080-\u009f]/g, (c) => cp1252High[c.charCodeAt(0) - 0x80] ?? c);
}
