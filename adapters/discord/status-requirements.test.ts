// A status that needs more than one modal can ask: the agent is told every field and how to set
// them, rather than given a form that drops some (and would be refused on submit).
import { describe, expect, it } from "vitest";
import { createTicket } from "../../core/tickets/create-ticket.js";
import { as, testConfigInput, type TestCore } from "../../test/harness.js";
import type { DiscordTestClient } from "./testing/client.js";
import type { FakeDiscordApi } from "./testing/discord-api.js";
import { chatInput, stringSelect, FORUM, rawMessage } from "./testing/payloads.js";
import { discordSuite } from "./testing/suite.js";

let t: TestCore;
let d: DiscordTestClient;
let api: FakeDiscordApi;
const bob = { id: "100000000000000001", name: "Bob" };

const extra = ["cause", "fix", "area", "version", "impact"].map((name) => ({
  name,
  label: name[0]!.toUpperCase() + name.slice(1),
  type: "text",
}));
const config = {
  ...testConfigInput,
  properties: [...testConfigInput.properties, ...extra],
  pipelines: testConfigInput.pipelines.map((p) =>
    p.id === "support"
      ? {
          ...p,
          statuses: [
            ...p.statuses,
            {
              id: "audited",
              name: "Audited",
              category: "CLOSED",
              requiredProperties: ["owner", "resolution", ...extra.map((e) => e.name)],
            },
          ],
        }
      : p,
  ),
};

discordSuite((s) => ({ t, d, api } = s), { config });

describe("a status needing more than five fields", () => {
  it("is refused privately, naming every field and how to set them, from the card and from /ticket status", async () => {
    const tk = await createTicket(t.deps, { subject: "Needs an audit", requester: { email: "c@customer.test" } }, as.ada);
    const fromCommand = chatInput(bob, "status", { ticket: `#${tk.id}`, status: "audited" });
    await d.interact(fromCommand);
    const cb = api.callbackFor(fromCommand.id);
    expect(cb?.type).toBe(4);
    expect(cb?.data.flags).toBe(64);
    const said = String(cb?.data.content);
    expect(said).toContain(
      `To set **Audited**, #${tk.id} still needs 7 fields, more than one form can ask for (5): Owner, Resolution (\`resolution\`), Cause (\`cause\`), Fix (\`fix\`), Area (\`area\`), Version (\`version\`), Impact (\`impact\`).`,
    );
    expect(said).toContain("`/ticket set properties: resolution=… cause=… fix=… area=… version=… impact=…`");

    const fromCard = stringSelect(
      bob,
      `ticket:status:${tk.id}`,
      ["audited"],
      { channelId: "300000000000000123", parentId: FORUM },
      rawMessage("300000000000000123", { id: "300000000000000123" }),
    );
    await d.interact(fromCard);
    expect(api.callbackFor(fromCard.id)).toMatchObject({ type: 4, data: { flags: 64, content: said } });
    expect((await t.prisma.ticket.findUniqueOrThrow({ where: { id: tk.id } })).statusId).toBe("new");

    // Once the custom ones are set, the form asks for the rest.
    await d.interact(chatInput(bob, "set", { ticket: `#${tk.id}`, properties: "resolution=ok cause=dust fix=clean area=hw version=2" }));
    const again = chatInput(bob, "status", { ticket: `#${tk.id}`, status: "audited" });
    await d.interact(again);
    expect(api.callbackFor(again.id)).toMatchObject({ type: 9, data: { custom_id: `modal:status:${tk.id}:audited` } });
    const fields = (api.callbackFor(again.id)!.data.components as { component: { custom_id: string } }[]).map((l) => l.component.custom_id);
    expect(fields).toEqual(["req.owner", "req.impact"]);
  });
});
