// The gate background work waits on: a pause in incoming requests, or its longest deferral.
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { QuietGate } from "./quiet-gate.js";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** Which of the waiters have been let go so far. */
function watch(gate: QuietGate, n: number) {
  const done: number[] = [];
  for (let i = 0; i < n; i++) void gate.quiet().then(() => done.push(i));
  return done;
}

it("lets work go at once when no request has arrived", async () => {
  const gate = new QuietGate({ quietMs: 5, now: () => Date.now() });
  const done = watch(gate, 1);
  await vi.advanceTimersByTimeAsync(0);
  expect(done).toEqual([0]);
});

it("holds work while requests keep arriving, and lets it all go after the pause", async () => {
  const gate = new QuietGate({ quietMs: 5, maxDeferMs: 1000, now: () => Date.now() });
  gate.enter()(); // a request, answered at once
  const done = watch(gate, 3);
  for (let i = 0; i < 10; i++) {
    await vi.advanceTimersByTimeAsync(3);
    gate.enter()(); // a request, answered at once
  }
  expect(done).toEqual([]);
  await vi.advanceTimersByTimeAsync(5);
  expect(done).toEqual([0, 1, 2]);
});

it("holds work no longer than its longest deferral, however long the requests go on", async () => {
  const gate = new QuietGate({ quietMs: 5, maxDeferMs: 40, now: () => Date.now() });
  gate.enter()(); // a request, answered at once
  const done = watch(gate, 1);
  for (let i = 0; i < 12; i++) {
    await vi.advanceTimersByTimeAsync(3);
    gate.enter()(); // a request, answered at once
  }
  // 36 ms in: still held; by 42 ms it has gone, though requests still arrive.
  expect(done).toEqual([]);
  for (let i = 0; i < 2; i++) {
    await vi.advanceTimersByTimeAsync(3);
    gate.enter()(); // a request, answered at once
  }
  expect(done).toEqual([0]);
});

it("lets every waiter go, and later ones at once, when opened at shutdown", async () => {
  const gate = new QuietGate({ quietMs: 60_000, maxDeferMs: 60_000, now: () => Date.now() });
  gate.enter()(); // a request, answered at once
  const done = watch(gate, 2);
  await vi.advanceTimersByTimeAsync(10);
  expect(done).toEqual([]);
  gate.open();
  await vi.advanceTimersByTimeAsync(0);
  expect(done).toEqual([0, 1]);
  const later = watch(gate, 1);
  await vi.advanceTimersByTimeAsync(0);
  expect(later).toEqual([0]);
  expect(vi.getTimerCount()).toBe(0);
});

it("holds work while a request arrived is still being answered, then lets it go after the pause", async () => {
  const gate = new QuietGate({ quietMs: 5, maxDeferMs: 1000, now: () => Date.now() });
  const answered = gate.enter();
  const done = watch(gate, 2);
  // Long past the pause after its arrival, the request is still being answered.
  await vi.advanceTimersByTimeAsync(50);
  expect(done).toEqual([]);
  answered();
  answered(); // twice counts once
  await vi.advanceTimersByTimeAsync(4);
  expect(done).toEqual([]);
  await vi.advanceTimersByTimeAsync(1);
  expect(done).toEqual([0, 1]);
});

it("lets work go at its longest deferral even while a request is never answered", async () => {
  const gate = new QuietGate({ quietMs: 5, maxDeferMs: 40, now: () => Date.now() });
  gate.enter();
  const done = watch(gate, 1);
  await vi.advanceTimersByTimeAsync(39);
  expect(done).toEqual([]);
  await vi.advanceTimersByTimeAsync(1);
  expect(done).toEqual([0]);
});
