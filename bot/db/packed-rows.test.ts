// Rows packed by column for the trip between threads come back as the same row objects, with
// repeated values sent once.
import { describe, expect, it } from "vitest";
import { distinctLimit, packRows, unpackRows, type PackedColumn } from "./packed-rows.js";
import { rowObjects } from "./sqlite-connection.js";

/** Through a real structured clone, moving the buffers as postMessage does. */
function trip(names: string[], rows: unknown[][]) {
  const { packed, transfer } = packRows({ names, rows });
  const copy = structuredClone(packed, { transfer });
  return { packed: copy, rows: unpackRows(copy) };
}

const kind = (c: PackedColumn | undefined) => (c && "codes" in c ? `distinct ${c.distinct.length}` : "values");

describe("packed rows", () => {
  it("give back the rows the statement read, whatever the column's values", () => {
    const names = ["id", "status", "team", "at", "bytes", "big", "score"];
    const rows = Array.from({ length: 300 }, (_, i) => [
      i + 1,
      ["open", "waiting", "closed"][i % 3],
      i % 5 === 0 ? null : `team-${i % 4}`,
      new Date(Date.UTC(2026, 0, 1, 0, i)),
      i % 7 === 0 ? new Uint8Array([i % 256, 1]) : null,
      BigInt(i % 2),
      i % 10 === 0 ? 1.5 : 4,
    ]);
    const { packed, rows: back } = trip(names, rows);
    expect(back).toEqual(rowObjects({ names, rows }));
    expect(back[7]).toEqual({
      id: 8,
      status: "waiting",
      team: "team-3",
      at: new Date(Date.UTC(2026, 0, 1, 0, 7)),
      bytes: new Uint8Array([7, 1]),
      big: 1n,
      score: 4,
    });
    // Few distinct values travel once each; unique values and objects (a Date, bytes) as they are.
    expect(packed.columns.map(kind)).toEqual(["values", "distinct 3", "distinct 5", "values", "values", "distinct 2", "distinct 2"]);
  });

  it("sends a column by its distinct values only up to the limit", () => {
    const limit = distinctLimit(400);
    expect(limit).toBe(50);
    const rows = (distinct: number) => Array.from({ length: 400 }, (_, i) => [`v${i % distinct}`]);
    expect(kind(trip(["v"], rows(limit)).packed.columns[0])).toBe(`distinct ${limit}`);
    const over = trip(["v"], rows(limit + 1));
    expect(kind(over.packed.columns[0])).toBe("values");
    expect(over.rows.map((r) => r.v)).toEqual(rows(limit + 1).map((r) => r[0]));
    // A few rows still share their values.
    expect(distinctLimit(3)).toBe(16);
  });

  it("keeps -0 and 0 apart, which a Map takes for one key", () => {
    const rows = [[0], [-0], [0], [-0]];
    const back = trip(["v"], rows).rows.map((r) => r.v);
    expect(back.map((v) => Object.is(v, -0))).toEqual([false, true, false, true]);
  });

  it("keeps a repeated name's last value, and carries an empty result", () => {
    expect(
      trip(
        ["x", "x"],
        [
          [1, "a"],
          [2, "b"],
        ],
      ).rows,
    ).toEqual([{ x: "a" }, { x: "b" }]);
    const empty = trip(["id", "name"], []);
    expect(empty.rows).toEqual([]);
    expect(empty.packed.names).toEqual(["id", "name"]);
  });
});
