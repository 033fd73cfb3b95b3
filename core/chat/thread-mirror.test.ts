// Who wrote a message, as a card's thread names them: their name, else a word for them in the
// language of the thread's readers (the help desk's), never an English one.
import { afterAll, beforeAll, expect, it } from "vitest";
import { testCore, type TestCore } from "../../test/harness.js";
import { Formats } from "../i18n/format.js";
import { messageAuthorName } from "./thread-mirror.js";

let t: TestCore;
beforeAll(async () => {
  t = await testCore();
});
afterAll(() => t.close());

it("names an author without a name in the readers' language", async () => {
  const nameless = await t.prisma.contact.create({ data: {} });
  const author = (m: { authorAgentId?: string; authorContactId?: string; kind: string }, f: Formats) =>
    messageAuthorName(t.deps.db, { authorAgentId: m.authorAgentId ?? null, authorContactId: m.authorContactId ?? null, kind: m.kind }, f);
  const ja = new Formats("ja");
  expect(await author({ authorAgentId: "bob", kind: "REPLY" }, ja)).toBe("Bob");
  expect(await author({ authorAgentId: "gone", kind: "REPLY" }, ja)).toBe("担当者");
  expect(await author({ authorContactId: nameless.id, kind: "INBOUND" }, ja)).toBe("お客様");
  expect(await author({ kind: "INBOUND" }, ja)).toBe("お客様");
  expect(await author({ kind: "SYSTEM" }, ja)).toBe("システム");
  expect(await author({ kind: "INBOUND" }, new Formats("en"))).toBe("The customer");
});
