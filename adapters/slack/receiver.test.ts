// The receiver answers Slack at the listener's ack without waiting for the replay lookup (a
// database write), and the listener goes on past its ack only once the lookup says the signed
// request is new.
import type { App, ReceiverEvent } from "@slack/bolt";
import { expect, it } from "vitest";
import { silentLogger } from "../../core/log.js";
import { HonoReceiver, verifyRequest } from "./receiver.js";
import { blockAction, sign, signingSecret, slashCommand, viewSubmission } from "./testing/requests.js";

/** A receiver whose one listener acks at once and then acts, as every listener does. */
function receiver(firstSighting: () => Promise<boolean>, ackTimeoutMs = 60_000, quietMs?: number) {
  const handled: ReceiverEvent[] = [];
  const r = new HonoReceiver({ signingSecret, nowMs: () => Date.now(), log: silentLogger, firstSighting, ackTimeoutMs, quietMs });
  const processEvent = async (e: ReceiverEvent) => {
    await e.ack({ text: "on it" });
    handled.push(e);
  };
  r.init({ processEvent } as unknown as App);
  return { r, handled };
}

/** A replay lookup held open (a locked database) until the test lets it answer. */
function heldLookup() {
  let asked!: () => void;
  const wasAsked = new Promise<void>((resolve) => (asked = resolve));
  let answer!: (first: boolean) => void;
  const state = { asked: false };
  const lookup = () =>
    new Promise<boolean>((resolve) => {
      state.asked = true;
      answer = resolve;
      asked();
    });
  return {
    lookup,
    state,
    release: async (first: boolean) => {
      await wasAsked;
      answer(first);
    },
  };
}

it("answers Slack with the listener's ack while the replay lookup waits on a locked database, then acts", async () => {
  const held = heldLookup();
  const { r, handled } = receiver(held.lookup, 60_000, 100);
  // The deadline is a minute: the answer comes from the ack, not from the timer.
  const res = await r.handle(slashCommand("U1", "help", { nowMs: Date.now() }));
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ text: "on it" });
  // The lookup is a database write, which on SQLite holds the event loop: it starts after the
  // answer is on its way.
  expect(held.state.asked).toBe(false);
  expect(handled).toHaveLength(0);
  await held.release(true);
  await r.idle();
  expect(handled).toHaveLength(1);
});

it("does not act on a replay that the lookup recognises late, and answers it like any request", async () => {
  const held = heldLookup();
  const { r, handled } = receiver(held.lookup, 60_000, 100);
  const res = await r.handle(slashCommand("U1", "help", { nowMs: Date.now() }));
  expect(res.status).toBe(200);
  await held.release(false);
  await r.idle();
  expect(handled).toHaveLength(0);
});

it("still answers in time when the listener does not ack, and acts on nothing when the lookup fails", async () => {
  const { r, handled } = receiver(() => Promise.reject(new Error("database is locked")), 50);
  r.init({ processEvent: async () => undefined } as unknown as App);
  const res = await r.handle(slashCommand("U1", "help", { nowMs: Date.now() }));
  expect(res.status).toBe(200);
  await r.idle();
  expect(handled).toHaveLength(0);
});

it("answers a burst of requests before the work after any of their acks starts", async () => {
  // A wide quiet period, so the test does not depend on the machine's speed.
  const { r, handled } = receiver(async () => true, 60_000, 300);
  const first = await r.handle(slashCommand("U1", "help", { nowMs: Date.now() }));
  expect(first.status).toBe(200);
  // Several turns of the event loop pass before the next request comes in.
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(handled).toHaveLength(0);
  const second = await r.handle(slashCommand("U2", "help", { nowMs: Date.now() }));
  expect(second.status).toBe(200);
  // Both answered; the first request's work waits while requests keep coming.
  expect(handled).toHaveLength(0);
  await r.idle();
  expect(handled).toHaveLength(2);
});

it("answers a click on arrival, before Bolt has seen it, and hands it to Bolt after", async () => {
  const seen: string[] = [];
  const r = new HonoReceiver({ signingSecret, nowMs: () => Date.now(), log: silentLogger, firstSighting: async () => true, quietMs: 50 });
  // A listener that would never ack: the answer cannot come from it.
  r.init({ processEvent: async (e: ReceiverEvent) => void seen.push(String(e.body.type)) } as unknown as App);
  const res = await r.handle(blockAction("U1", { action_id: "ticket.claim", value: "1" }, { nowMs: Date.now() }));
  expect(res.status).toBe(200);
  expect(seen).toEqual([]);
  await r.idle();
  expect(seen).toEqual(["block_actions"]);
});

it("accepts Slack's v0 signature of the body as sent, and nothing else", () => {
  const now = 1_767_600_000_000;
  const ts = now / 1000;
  const body = "payload=%7B%7D";
  const headers = (signature: string) => new Headers({ "x-slack-signature": signature, "x-slack-request-timestamp": String(ts) });
  expect(verifyRequest(signingSecret, body, headers(sign(body, ts)), now)).toEqual({ ok: true });
  expect(verifyRequest(signingSecret, `${body}&x=1`, headers(sign(body, ts)), now)).toMatchObject({ ok: false, error: "bad signature" });
  expect(verifyRequest(signingSecret, body, headers(sign(body, ts).replace("v0=", "v1=")), now)).toMatchObject({ ok: false });
  expect(verifyRequest(signingSecret, body, headers(sign(body, ts).slice(0, -1)), now)).toMatchObject({ ok: false });
  expect(verifyRequest(signingSecret, body, headers(sign(body, ts)), now + 301_000)).toMatchObject({ ok: false, error: "stale timestamp" });
});

it("answers what the adapter can answer without a listener at once, and hands it to Bolt after", async () => {
  const seen: string[] = [];
  const errors = { response_action: "errors", errors: { text: "Write something." } };
  const r = new HonoReceiver({
    signingSecret,
    nowMs: () => Date.now(),
    log: silentLogger,
    firstSighting: async () => true,
    quietMs: 50,
    answerEarly: (body) => (body.type === "view_submission" ? { answer: errors } : null),
  });
  r.init({ processEvent: async (e: ReceiverEvent) => void seen.push(String(e.body.type)) } as unknown as App);
  const res = await r.handle(viewSubmission("U1", { callback_id: "any" }, {}, { nowMs: Date.now() }));
  expect(await res.json()).toEqual(errors);
  expect(seen).toEqual([]);
  await r.idle();
  expect(seen).toEqual(["view_submission"]);
});
