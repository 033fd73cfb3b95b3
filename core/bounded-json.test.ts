import { describe, expect, it } from "vitest";
import { checkJsonShape, parseBoundedJson } from "./bounded-json.js";

const nested = (depth: number) => "[".repeat(depth) + "]".repeat(depth);
const limits = { maxDepth: 4, maxValues: 10 };

describe("bounded JSON", () => {
  it("parses JSON up to the depth and refuses one level more, from bytes or text", () => {
    expect(parseBoundedJson(nested(4), limits)).toEqual({ ok: true, value: [[[[]]]] });
    expect(parseBoundedJson(Buffer.from(nested(4)), limits)).toEqual({ ok: true, value: [[[[]]]] });
    expect(parseBoundedJson(nested(5), limits)).toEqual({ ok: false, reason: "too_deep", message: "The JSON nests deeper than 4 levels." });
    expect(parseBoundedJson(Buffer.from('{"a":{"b":{"c":{"d":{}}}}}'), limits)).toMatchObject({ ok: false, reason: "too_deep" });
  });

  it("counts containers and separators, so a wide body is refused like a deep one", () => {
    expect(parseBoundedJson(`[${"0,".repeat(9)}0]`, limits)).toMatchObject({ ok: true });
    expect(parseBoundedJson(`[${"0,".repeat(10)}0]`, limits)).toEqual({
      ok: false,
      reason: "too_many_values",
      message: "The JSON holds more than 10 values.",
    });
    expect(parseBoundedJson(`[${"{},".repeat(5)}{}]`, limits)).toMatchObject({ ok: false, reason: "too_many_values" });
  });

  it("does not count brackets, commas or escaped quotes inside strings", () => {
    const tricky = JSON.stringify(["[[[[[[,,,,,,,,,,,,{{{{{", 'say "[[[[["', "\\", '\\"[[[[[[']);
    expect(parseBoundedJson(tricky, limits)).toEqual({ ok: true, value: JSON.parse(tricky) });
    // Byte input: multi-byte UTF-8 never looks like a bracket or a quote.
    expect(parseBoundedJson(Buffer.from(JSON.stringify({ name: "山田「[」", note: "€[[[[[[" })), limits)).toMatchObject({
      ok: true,
      value: { name: "山田「[」" },
    });
  });

  it("tells invalid JSON apart from JSON over the limits", () => {
    expect(parseBoundedJson("{nope", limits)).toEqual({ ok: false, reason: "not_json", message: "The body is not JSON." });
    expect(checkJsonShape('"unterminated [[[[[[[[', limits)).toBeNull();
  });

  it("refuses 24 MB of nesting at the first level past the limit", () => {
    const deep = Buffer.alloc(24 * 1024 * 1024, "[");
    expect(checkJsonShape(deep)).toMatchObject({ ok: false, reason: "too_deep", message: "The JSON nests deeper than 64 levels." });
    expect(checkJsonShape(Buffer.from(nested(64)))).toBeNull();
  });
});
