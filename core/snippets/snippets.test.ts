import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, testCore, type TestCore } from "../../test/harness.js";
import { getSnippet, listSnippets } from "./list-snippets.js";
import { saveSnippet } from "./save-snippet.js";

let t: TestCore;
beforeAll(async () => {
  t = await testCore();
});
afterAll(() => t.close());

describe("snippets", () => {
  it("lets an admin add snippets and any agent list them by name", async () => {
    const s = await saveSnippet(t.deps, { name: "thanks", text: "  Thanks for your patience!  " }, as.ada);
    expect(s).toMatchObject({ name: "thanks", text: "Thanks for your patience!" });
    await saveSnippet(t.deps, { name: "apology", text: "Sorry about that." }, as.ada);
    const list = await listSnippets(t.deps, {}, as.bob);
    expect(list.map((x) => x.name)).toEqual(["apology", "thanks"]);
    expect(await getSnippet(t.deps, s.id, as.cy)).toMatchObject({ text: "Thanks for your patience!" });
    expect(await getSnippet(t.deps, "gone", as.cy)).toBeNull();
  });

  it("refuses duplicates (any case), bad names, empty text, non-admins and non-agents", async () => {
    await saveSnippet(t.deps, { name: "refund", text: "Refund issued." }, as.ada);
    await expect(saveSnippet(t.deps, { name: "Refund", text: "again" }, as.ada)).rejects.toMatchObject({ code: "conflict" });
    await expect(saveSnippet(t.deps, { name: "two words", text: "x" }, as.ada)).rejects.toMatchObject({
      code: "invalid",
      fields: { name: expect.any(String) },
    });
    await expect(saveSnippet(t.deps, { name: "empty", text: "   " }, as.ada)).rejects.toMatchObject({
      code: "invalid",
      fields: { text: "Required." },
    });
    await expect(saveSnippet(t.deps, { name: "long", text: "x".repeat(3000) }, as.ada)).rejects.toMatchObject({ code: "invalid" });
    await expect(saveSnippet(t.deps, { name: "mine", text: "x" }, as.bob)).rejects.toMatchObject({ code: "forbidden" });
    await expect(listSnippets(t.deps, {}, { type: "agent", agentId: "nobody" })).rejects.toMatchObject({ code: "forbidden" });
    expect(await t.prisma.snippet.count({ where: { name: { in: ["Refund", "mine", "empty", "long"] } } })).toBe(0);
  });

  it("keeps exactly one of two admins racing to add the same name", async () => {
    const results = await Promise.allSettled([
      saveSnippet(t.deps, { name: "race", text: "one" }, as.ada),
      saveSnippet(t.deps, { name: "race", text: "two" }, as.ada),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: { code: "conflict" } });
    expect(await t.prisma.snippet.count({ where: { name: "race" } })).toBe(1);
  });
});
