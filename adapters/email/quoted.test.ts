import { describe, expect, it } from "vitest";
import { splitQuotedReply } from "./quoted.js";

describe("splitQuotedReply", () => {
  it.each([
    "Thanks.\n\nOn Monday my friend wrote:\nthe invoice looks wrong to me too.",
    "Hello,\nOn version 1.2.3 the installer writes:\nerror 42",
    "Hallo,\nAm Montag schrieb mein Kollege:\ndas geht nicht.",
    "Bonjour,\nLe client a écrit :\nça ne marche pas.",
  ])("keeps a customer's own sentence that only looks like an attribution: %j", (text) => {
    expect(splitQuotedReply(text)).toEqual({ fresh: text, quoted: false });
  });

  it.each([
    ["a date", "On Mon, Jan 5, 2026 at 9:00 AM Acme Support wrote:"],
    ["a short date", "On 1/5/26 9:00 AM, Acme Support wrote:"],
    ["an address", "On Monday, Acme Support <support@acme.test> wrote:"],
    ["a German date", "Am 05.01.26 um 09:00 schrieb Acme Support:"],
    ["a French date and address", "Le lun. 5 janv. 2026 à 09:00, Acme <support@acme.test> a écrit :"],
  ])("cuts at an attribution with %s", (_, line) => {
    expect(splitQuotedReply(`New text\n\n${line}\nOld text`)).toEqual({ fresh: "New text", quoted: true });
  });
});
