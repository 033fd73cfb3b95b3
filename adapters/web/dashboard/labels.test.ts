// The dashboard's names for every ticket source, in both languages.
import { describe, expect, it } from "vitest";
import { Formats, ticketSources } from "../../../core/index.js";
import { sourceName } from "./labels.js";

describe("sourceName", () => {
  it("names every source the filter offers, an integration's apart from a chat surface's", () => {
    const en = new Formats("en");
    const ja = new Formats("ja");
    expect(ticketSources.map((s) => sourceName(s, en))).toEqual([
      "Email",
      "Web form",
      "Created by an agent",
      "REST API",
      "Chat (Slack)",
      "Chat (Discord)",
    ]);
    expect(sourceName("api", ja)).toBe("REST API 経由");
  });
});
