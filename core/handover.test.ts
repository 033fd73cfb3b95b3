import { describe, expect, it } from "vitest";
import { Handover } from "./handover.js";

describe("Handover", () => {
  it("gives what was pushed in order, to a taker that waited or came later, then null once ended", async () => {
    const h = new Handover<number>();
    const waiting = h.take();
    h.push(1);
    h.push(2);
    expect(await waiting).toEqual({ value: 1 });
    h.push(3);
    h.end();
    expect(await h.take()).toEqual({ value: 2 });
    expect(await h.take()).toEqual({ value: 3 });
    expect(await h.take()).toBeNull();
  });

  it("gives the values pushed before a failure, then throws it, the first failure only", async () => {
    const h = new Handover<string>();
    h.push("a");
    h.fail(new Error("gone"));
    h.fail(new Error("later"));
    expect(await h.take()).toEqual({ value: "a" });
    await expect(h.take()).rejects.toThrow("gone");
    const waiting = new Handover<string>();
    const taken = waiting.take();
    waiting.fail(new Error("while waiting"));
    await expect(taken).rejects.toThrow("while waiting");
  });
});
