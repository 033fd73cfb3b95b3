// The parity contract's language check: a Japanese answer must not carry English prose, beside
// the names and texts that are written as they are.
import { expect, it } from "vitest";
import { englishProse } from "./action-parity.js";

it("finds English prose in a Japanese answer, but not the names and texts written as they are", () => {
  const f = { subject: "Parity claim ab12" };
  expect(englishProse("✅ #4 を担当しました。Claimed by Ada, thanks.", f)).toEqual(["Claimed by X"]);
  expect(englishProse('{"text":"⚠️ チケット #4: That ticket is closed."}', f)).toEqual(["That ticket is closed"]);
  expect(englishProse("#4 Parity claim ab12 · Waiting on customer · Tier 1 · Ada が担当", f)).toEqual([]);
  expect(englishProse("`/ticket show #4` で開けます。https://example.test/a/b c carol@customer.test", f)).toEqual([]);
  expect(englishProse('{"type":"plain_text","action_id":"ticket.claim"}', f)).toEqual([]);
});
