// Snippets in the configuration: checked at start, so a bad one stops the process with a message
// that says which and why.
import { describe, expect, it } from "vitest";
import { testConfigInput } from "../../test/harness.js";
import { HelpdeskConfig } from "../config.js";

const problems = (snippets: unknown[]) => {
  const r = HelpdeskConfig.safeParse({ ...testConfigInput, snippets });
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("configured snippets", () => {
  it("take a name and a text, each one text or one per language", () => {
    const cfg = HelpdeskConfig.parse({
      ...testConfigInput,
      snippets: [{ id: "thanks", name: { en: "Thanks", ja: "お礼" }, text: "Thank you." }],
    });
    expect(cfg.snippets).toEqual([{ id: "thanks", name: "Thanks", names: { en: "Thanks", ja: "お礼" }, texts: { en: "Thank you." } }]);
    expect(HelpdeskConfig.parse(testConfigInput).snippets).toEqual([]);
  });

  it("refuses an empty text, a blank name, a bad or repeated id and unknown keys, saying where", () => {
    expect(problems([{ id: "a", name: "A", text: { en: "Hi", ja: "  " } }])).toEqual([
      "snippets.0.text: a snippet's text must not be empty",
    ]);
    expect(problems([{ id: "a", name: " ", text: "Hi" }])).toEqual([
      "snippets.0.name: a snippet's name must not be blank, and at most 75 characters",
    ]);
    expect(problems([{ id: "Bad Id", name: "A", text: "Hi" }])).toEqual(["snippets.0.id: snippet ids are lower-case slugs"]);
    expect(
      problems([
        { id: "a", name: "A", text: "Hi" },
        { id: "a", name: "B", text: "Yo" },
      ]),
    ).toEqual(['snippets.1.id: snippet id "a" is used twice']);
    expect(problems([{ id: "a", name: "A", text: "Hi", body: "x" }])[0]).toMatch(/^snippets\.0: .*body/);
    expect(problems([{ id: "a", name: "A", text: { fr: "Salut" } }])[0]).toMatch(/^snippets\.0\.text/);
    expect(problems([{ id: "a", name: "A", text: "x".repeat(2901) }])).toEqual([
      "snippets.0.text: a snippet's text is at most 2900 characters",
    ]);
  });
});
