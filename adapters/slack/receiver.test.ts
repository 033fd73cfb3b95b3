// The receiver's deadline covers everything after the signature check, the replay lookup too.
import type { App, ReceiverEvent } from "@slack/bolt";
import { expect, it } from "vitest";
import { silentLogger } from "../../core/log.js";
import { HonoReceiver } from "./receiver.js";
import { signingSecret, slashCommand } from "./testing/requests.js";

function receiver(firstSighting: () => Promise<boolean>) {
  const handled: ReceiverEvent[] = [];
  const r = new HonoReceiver({ signingSecret, nowMs: () => Date.now(), log: silentLogger, firstSighting, ackTimeoutMs: 50 });
  r.init({ processEvent: async (e: ReceiverEvent) => void handled.push(e) } as unknown as App);
  return { r, handled };
}

it("answers Slack in time while the replay lookup waits on a locked database, then acts", async () => {
  let release!: (first: boolean) => void;
  const { r, handled } = receiver(() => new Promise<boolean>((resolve) => (release = resolve)));
  const res = await r.handle(slashCommand("U1", "help", { nowMs: Date.now() }));
  expect(res.status).toBe(200);
  expect(handled).toHaveLength(0);
  release(true);
  await r.idle();
  expect(handled).toHaveLength(1);
});

it("does not act on a replay that the lookup recognises late", async () => {
  let release!: (first: boolean) => void;
  const { r, handled } = receiver(() => new Promise<boolean>((resolve) => (release = resolve)));
  expect((await r.handle(slashCommand("U1", "help", { nowMs: Date.now() }))).status).toBe(200);
  release(false);
  await r.idle();
  expect(handled).toHaveLength(0);
});
