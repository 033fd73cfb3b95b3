import { timingSafeEqual } from "node:crypto";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { tallyProvider } from "./providers/tally.js";
import { typeformProvider } from "./providers/typeform.js";

// Watch the comparison itself: it must run on fixed-size values whatever the inputs' lengths.
vi.mock("node:crypto", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:crypto")>();
  return { ...real, timingSafeEqual: vi.fn(real.timingSafeEqual) };
});
const compared = vi.mocked(timingSafeEqual);
const ctx = { secret: "tally-secret", now: new Date(), replayWindowMs: 300_000 };
const req = (headers: Record<string, string>) => ({
  body: new TextEncoder().encode("{}"),
  contentType: "application/json",
  header: (n: string) => headers[n],
});

describe("form signature comparison", () => {
  beforeEach(() => {
    compared.mockClear();
  });

  it("compares 32-byte digests when the given signature is shorter than the real one", () => {
    expect(tallyProvider.verify(req({ "tally-signature": "x" }), ctx)).toMatchObject({ ok: false });
    expect(typeformProvider.verify(req({ "typeform-signature": "sha256=abc" }), ctx)).toMatchObject({ ok: false });
    expect(compared).toHaveBeenCalledTimes(2);
    for (const [a, b] of compared.mock.calls) expect([a.byteLength, b.byteLength]).toEqual([32, 32]);
  });
});
