import { describe, expect, it } from "vitest";
import { isHelpdeskError } from "../errors.js";
import { parsePropertyPairs } from "./properties.js";

describe("parsePropertyPairs", () => {
  it("reads plain and quoted pairs, keeping the keys' case, and empty values that clear", () => {
    expect(parsePropertyPairs("product=web seats=3")).toEqual({ product: "web", seats: "3" });
    expect(parsePropertyPairs(' resolution="Replaced the toner"  dueDate=2026-01-02 ')).toEqual({
      resolution: "Replaced the toner",
      dueDate: "2026-01-02",
    });
    expect(parsePropertyPairs("note=“typed on a phone” tag='single quoted'")).toEqual({ note: "typed on a phone", tag: "single quoted" });
    expect(parsePropertyPairs("product= seats=4 seats=5")).toEqual({ product: "", seats: "5" });
    expect(parsePropertyPairs('a="x=y" url=https://x.test/?a=b')).toEqual({ a: "x=y", url: "https://x.test/?a=b" });
    expect(parsePropertyPairs("note=don't")).toEqual({ note: "don't" });
    expect(parsePropertyPairs("   ")).toEqual({});
  });

  it("refuses what is not a pair, naming it, rather than dropping it", () => {
    for (const text of ["product web", "product=web seats", 'note="unclosed', "=3", 'a=b"c', "a = b"]) {
      let err: unknown;
      try {
        parsePropertyPairs(text);
      } catch (e) {
        err = e;
      }
      expect(isHelpdeskError(err) && err.code, text).toBe("invalid");
    }
    expect(() => parsePropertyPairs("product=web seats")).toThrow(/“seats” is not a key=value pair/);
  });
});
