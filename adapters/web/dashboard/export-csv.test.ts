// A drill-down's CSV lines as written straight as text: the customer's subject and every name
// quoted and defused as a cell would be, however often a name repeats.
import { describe, expect, it } from "vitest";
import { Formats, type KpiTicketRow } from "../../../core/index.js";
import { ticketCsvLines } from "./export-csv.js";

const row = (over: Partial<KpiTicketRow>): KpiTicketRow => ({
  id: 7,
  subject: "Login fails",
  status: "Open",
  priority: "high",
  team: "Tier 1",
  owner: "Bob",
  source: "email",
  createdAt: new Date("2026-03-06T15:04:59.999Z"),
  firstResponseSec: 5_400,
  resolutionSec: null,
  csatScore: null,
  ...over,
});

describe("ticketCsvLines", () => {
  it("quotes and defuses the subject and names on every line, not only the first time a name is seen", () => {
    const lines = ticketCsvLines(new Formats("en", "Asia/Tokyo"));
    const text = lines([
      row({ subject: '=HYPERLINK("http://x"),y', team: "Sales, EMEA", owner: "-Eve" }),
      row({ id: 8, subject: "two\nlines", team: "Sales, EMEA", owner: "-Eve", status: 'Waiting "on" us', csatScore: 4, resolutionSec: 36 }),
      row({ id: 9, team: null, owner: null, source: "discord", firstResponseSec: null }),
    ]);
    expect(text).toBe(
      [
        `7,"'=HYPERLINK(""http://x""),y",Open,High,"Sales, EMEA",'-Eve,Email,2026-03-07 00:04,1.5,,`,
        `8,"two\nlines","Waiting ""on"" us",High,"Sales, EMEA",'-Eve,Email,2026-03-07 00:04,1.5,0.01,4`,
        `9,Login fails,Open,High,,,Chat (Discord),2026-03-07 00:04,,,`,
        "",
      ].join("\r\n"),
    );
    expect(lines([])).toBe("");
  });
});
