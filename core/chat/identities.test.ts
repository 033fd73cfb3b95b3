import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, testCore, type TestCore } from "../../test/harness.js";
import { withTx } from "../deps.js";
import { createTicket } from "../tickets/create-ticket.js";
import { activeChatUsersOf, agentIdFor, chatUserOf, contactIdFor, linkAgent, unlinkAgents } from "./identities.js";

let t: TestCore;
beforeAll(async () => {
  t = await testCore();
});
afterAll(() => t.close());

describe("chat identities", () => {
  it("reads the configured agents' accounts both ways", async () => {
    expect(await agentIdFor(t.deps.db, "slack", "U0BOB")).toBe("bob");
    expect(await chatUserOf(t.deps.db, "bob", "discord")).toBe("100000000000000001");
    expect(await chatUserOf(t.deps.db, "ada", "slack")).toBeNull();
    expect(await activeChatUsersOf(t.deps.db, ["cy", "bob", "ada"], "slack")).toEqual(["U0BOB"]);
  });

  it("gives an account to one agent at a time, and one account per agent and surface", async () => {
    const at = new Date("2026-01-05T09:00:00Z");
    await withTx(t.deps, async (tx) => {
      await linkAgent(tx, "slack", "U0ADA", "ada", at);
      await linkAgent(tx, "slack", "U0ADA2", "ada", at);
    });
    expect(await agentIdFor(t.deps.db, "slack", "U0ADA")).toBeNull();
    expect(await chatUserOf(t.deps.db, "ada", "slack")).toBe("U0ADA2");
    const before = await withTx(t.deps, (tx) => linkAgent(tx, "slack", "U0ADA2", "cy", at));
    expect(before).toBe("ada");
    expect(await chatUserOf(t.deps.db, "ada", "slack")).toBeNull();
    await withTx(t.deps, (tx) => unlinkAgents(tx, ["cy"]));
    expect(await agentIdFor(t.deps.db, "slack", "U0ADA2")).toBeNull();
  });

  it("makes a chat requester one contact, and takes an agent's account as a contact of its own", async () => {
    const first = await createTicket(t.deps, { subject: "a", requester: { surface: "discord", userId: "200000000000000777" } }, as.bob);
    const again = await createTicket(
      t.deps,
      { subject: "b", requester: { surface: "discord", userId: "200000000000000777", name: "Eve" } },
      as.bob,
    );
    expect(again.contact?.id).toBe(first.contact?.id);
    expect(await contactIdFor(t.deps.db, "discord", "200000000000000777")).toBe(first.contact?.id);
    // Bob's own message made into a ticket: his account stays his, the ticket has a contact named after him.
    const own = await createTicket(t.deps, { subject: "c", requester: { surface: "slack", userId: "U0BOB", name: "Bob" } }, as.ada);
    expect(own.contact).toMatchObject({ name: "Bob" });
    expect(await agentIdFor(t.deps.db, "slack", "U0BOB")).toBe("bob");
  });
});
