import { timingSafeEqual } from "node:crypto";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { basicAuthMatches, constantTimeEqual } from "./auth.js";

// Watch the comparison itself: it must run on fixed-size values whatever the inputs' lengths.
vi.mock("node:crypto", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:crypto")>();
  return { ...real, timingSafeEqual: vi.fn(real.timingSafeEqual) };
});
const compared = vi.mocked(timingSafeEqual);
const basic = (creds: string) => `Basic ${Buffer.from(creds).toString("base64")}`;

describe("credential comparison", () => {
  beforeEach(() => {
    compared.mockClear();
  });

  it("compares 32-byte digests even when the lengths differ, so the length is not revealed", () => {
    expect(basicAuthMatches(basic("x:y"), "inbound:a-much-longer-password")).toBe(false);
    expect(constantTimeEqual("short", "a considerably longer signature value")).toBe(false);
    expect(compared).toHaveBeenCalledTimes(2);
    for (const [a, b] of compared.mock.calls) expect([a.byteLength, b.byteLength]).toEqual([32, 32]);
  });

  it("still tells equal from unequal", () => {
    expect(basicAuthMatches(basic("inbound:s3cret"), "inbound:s3cret")).toBe(true);
    expect(basicAuthMatches(basic("inbound:s3creT"), "inbound:s3cret")).toBe(false);
    expect(constantTimeEqual(new Uint8Array([1, 2]), "\u0001\u0002")).toBe(true);
  });
});
