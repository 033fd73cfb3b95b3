// CSV as spreadsheets read it, and page data that no text can break out of.
import { describe, expect, it } from "vitest";
import { Hono } from "hono";
import { csvCell, csvDownload, csvLines, hours, hoursText } from "./csv.js";
import { JsonData } from "./layout.js";

describe("CSV", () => {
  it("quotes cells with commas, quotes or line breaks, doubling the quotes", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell("a, b")).toBe('"a, b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell("cr\r")).toBe('"cr\r"');
  });

  it("writes numbers as they are and nothing for missing values", () => {
    expect(csvCell(3.25)).toBe("3.25");
    expect(csvCell(-2)).toBe("-2");
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
    expect(csvCell(Number.NaN)).toBe("");
  });

  it("defuses text a spreadsheet would run as a formula", () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvCell("+1")).toBe("'+1");
    expect(csvCell("@sum")).toBe("'@sum");
    expect(csvCell("-5 days")).toBe("'-5 days");
  });

  it("downloads as UTF-8 begun with a byte order mark, lines ended with CRLF, Japanese kept", async () => {
    const lines = csvLines([
      ["件名", "評価"],
      ["ログインできない", 4],
    ]);
    expect(lines).toBe("件名,評価\r\nログインできない,4\r\n");
    const app = new Hono().get("/", (c) => csvDownload(c, "評価 list.csv", lines));
    const res = await app.request("/");
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="___list.csv"');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(Buffer.from(bytes.subarray(3)).toString("utf8")).toBe(lines);
  });

  it("gives durations in hours with two decimals", () => {
    expect(hours(5400)).toBe(1.5);
    expect(hours(100)).toBe(0.03);
    expect(hours(null)).toBeNull();
  });

  it("writes hours as cells the same as the numbers would be written", () => {
    for (let sec = 0; sec < 400_000; sec += 7) expect(hoursText(sec)).toBe(csvCell(hours(sec)));
    for (const sec of [18, 35, 36, 54, 3_582, 3_600, 1e9 + 17, -5_400, -18]) expect(hoursText(sec)).toBe(csvCell(hours(sec)));
    expect([hoursText(null), hoursText(undefined), hoursText(Number.NaN)]).toEqual(["", "", ""]);
  });
});

describe("page data", () => {
  it("cannot close its script element or open a comment, and reads back the same", () => {
    const data = { subject: "</script><script>alert(1)</script> <!-- & \u2028" };
    const html = String(JsonData({ id: "d", data }));
    expect(html.startsWith('<script type="application/json" id="d">')).toBe(true);
    const body = html.slice(html.indexOf(">") + 1, html.lastIndexOf("</script>"));
    expect(body).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(body)).toEqual(data);
  });
});
