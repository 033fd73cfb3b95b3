import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testCore, type TestCore } from "../../test/harness.js";
import { extractHandles, findMentionedAgentIds, matchMentions, resolvedMention, type MentionableAgent } from "./mentions.js";

describe("extractHandles", () => {
  it("finds each handle once, lower-cased, without sentence punctuation", () => {
    expect(extractHandles("@Bob can you look? cc @cy, thanks @BOB.")).toEqual(["bob", "cy"]);
    expect(extractHandles("(@jane.doe) and @jane.doe...")).toEqual(["jane.doe"]);
    expect(extractHandles("@ann\n@ben")).toEqual(["ann", "ben"]);
  });

  it("does not read email addresses or doubled @ as mentions", () => {
    expect(extractHandles("customer is jo@acme.io, also a.b@c.de")).toEqual([]);
    expect(extractHandles("@@bob @ alone")).toEqual([]);
  });
});

describe("resolvedMention", () => {
  it("reads as @Name but is never read again as a handle, whatever the name holds", () => {
    expect(resolvedMention("Bob Roberts").replace(/\u2060/g, "")).toBe("@Bob Roberts");
    expect(extractHandles(`${resolvedMention("Bob Roberts")} and ${resolvedMention("Ann @ann2")}, thanks @cy`)).toEqual(["cy"]);
  });
});

describe("matchMentions", () => {
  const agents: MentionableAgent[] = [
    { id: "bob", name: "Bob", email: "robert@corp.test" },
    { id: "s-jones", name: "Sam Jones", email: "Sam@corp.test" },
    { id: "kim1", name: "Kim One", email: "kim@one.test" },
    { id: "kim2", name: "Kim Two", email: "kim@two.test" },
    { id: "robert", name: "Robert", email: "bob@corp.test" },
  ];

  it("matches agent ids and email local parts case-insensitively, ignoring unknown handles", () => {
    expect(matchMentions("@SAM please, and @s-jones again; @nobody @home", agents)).toEqual(["s-jones"]);
    expect(matchMentions("@kim1 @Bob", agents)).toEqual(["kim1", "bob"]);
  });

  it("prefers an agent's id over another agent's email local part", () => {
    // "bob" is both Bob's id and Robert's local part; the id wins.
    expect(matchMentions("@bob", agents)).toEqual(["bob"]);
  });

  it("refuses a handle that matches several agents, naming them", () => {
    expect(() => matchMentions("@kim", agents)).toThrow(
      expect.objectContaining({ code: "invalid", message: expect.stringContaining("Kim One (@kim1), Kim Two (@kim2)") }),
    );
  });
});

describe("findMentionedAgentIds", () => {
  let t: TestCore;
  beforeAll(async () => {
    t = await testCore();
  });
  afterAll(() => t.close());

  it("matches only active agents of the directory", async () => {
    await t.prisma.agent.create({ data: { id: "gone", name: "Gone", email: "left@helpdesk.test", active: false } });
    const ids = await t.deps.db.transaction().execute((tx) => findMentionedAgentIds(tx, "@gone @left @Dee @cy"));
    expect(ids).toEqual(["dee", "cy"]);
  });
});
