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
    // Bob's own message made into a ticket: his account stays his, and is also one contact's.
    const own = await createTicket(t.deps, { subject: "c", requester: { surface: "slack", userId: "U0BOB", name: "Bob" } }, as.ada);
    expect(own.contact).toMatchObject({ name: "Bob" });
    expect(await agentIdFor(t.deps.db, "slack", "U0BOB")).toBe("bob");
    expect(await contactIdFor(t.deps.db, "slack", "U0BOB")).toBe(own.contact?.id);
    const ownAgain = await createTicket(t.deps, { subject: "d", requester: { surface: "slack", userId: "U0BOB" } }, as.ada);
    expect(ownAgain.contact?.id).toBe(own.contact?.id);
  });

  it("leaves a requester's account to the contact when an agent is given the same account", async () => {
    const at = new Date("2026-01-05T09:00:00Z");
    const asked = await createTicket(t.deps, { subject: "e", requester: { surface: "slack", userId: "U0NEWHIRE", name: "Nia" } }, as.bob);
    await withTx(t.deps, (tx) => linkAgent(tx, "slack", "U0NEWHIRE", "cy", at));
    expect(await agentIdFor(t.deps.db, "slack", "U0NEWHIRE")).toBe("cy");
    // Her later messages on the ticket she asked on are still hers as its requester.
    expect(await contactIdFor(t.deps.db, "slack", "U0NEWHIRE")).toBe(asked.contact?.id);
    await withTx(t.deps, (tx) => unlinkAgents(tx, ["cy"]));
    expect(await contactIdFor(t.deps.db, "slack", "U0NEWHIRE")).toBe(asked.contact?.id);
  });
});
