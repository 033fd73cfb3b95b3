// The local Discord keeps to Discord's documented gateway and REST behaviour, so the service cannot
// pass against it doing what Discord would refuse: a plain WebSocket client walks it through
// HELLO, IDENTIFY, READY, heartbeats, a dropped socket and RESUME, and the refusals.
import { afterAll, beforeAll, expect, it } from "vitest";
import { WebSocket } from "ws";
import { startLocalDiscord, type LocalDiscord } from "./local-discord.js";
import { GUILD } from "./payloads.js";

const token = "MTAwMDAwMDAwMDAwMDAwMDAw.Gabcde.test-token-not-real";
let discord: LocalDiscord;
beforeAll(async () => {
  discord = await startLocalDiscord({ token });
});
afterAll(() => discord.close());

interface Frame {
  op: number;
  d: Record<string, unknown>;
  s: number | null;
  t: string | null;
}

/** A client socket that queues what it receives. */
async function connect(url: string) {
  const ws = new WebSocket(url);
  const frames: Frame[] = [];
  const waiting: ((f: Frame) => void)[] = [];
  ws.on("message", (raw) => {
    const f = JSON.parse(String(raw)) as Frame;
    const w = waiting.shift();
    if (w) w(f);
    else frames.push(f);
  });
  const closed = new Promise<number>((resolve) => ws.on("close", (code) => resolve(code)));
  await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
  return {
    ws,
    closed,
    next: () => new Promise<Frame>((resolve) => (frames.length ? resolve(frames.shift()!) : waiting.push(resolve))),
    send: (payload: object) => ws.send(JSON.stringify(payload)),
  };
}

const rest = (path: string, init: RequestInit = {}) => fetch(`${discord.apiUrl}/v10${path}`, init);
const auth = { authorization: `Bot ${token}` };

it("tells the bot where the gateway is, only with its token", async () => {
  expect((await rest("/gateway/bot")).status).toBe(401);
  const info = (await (await rest("/gateway/bot", { headers: auth })).json()) as { url: string; shards: number };
  expect(info.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/gateway$/);
  expect(info.shards).toBe(1);
});

it("identifies, heartbeats, and after a dropped socket resumes with the events it missed", async () => {
  const gateway = `${discord.apiUrl.replace(/^http/, "ws").replace(/\/api$/, "")}/gateway?v=10&encoding=json`;
  const a = await connect(gateway);
  expect(await a.next()).toMatchObject({ op: 10, d: { heartbeat_interval: 41_250 } });
  a.send({ op: 2, d: { token, intents: 33281, properties: { os: "linux", browser: "test", device: "test" }, shard: [0, 1] } });
  const ready = await a.next();
  expect(ready).toMatchObject({ op: 0, t: "READY", s: 1, d: { guilds: [{ id: GUILD, unavailable: true }] } });
  expect(await a.next()).toMatchObject({ op: 0, t: "GUILD_CREATE", s: 2, d: { id: GUILD } });
  a.send({ op: 1, d: 2 });
  expect(await a.next()).toMatchObject({ op: 11 });
  expect(discord.gateway.heartbeats.at(-1)).toBe(2);
  discord.gateway.dispatch("TYPING_START", { n: 3 });
  expect(await a.next()).toMatchObject({ t: "TYPING_START", s: 3 });

  // Discord drops the socket; what happens meanwhile waits for the session to resume.
  discord.gateway.close(4000, "Unknown error");
  expect(await a.closed).toBe(4000);
  expect(discord.gateway.dispatch("TYPING_START", { n: 4 })).toBe(0);
  const b = await connect(`${ready.d.resume_gateway_url}?v=10&encoding=json`);
  await b.next();
  b.send({ op: 6, d: { token, session_id: ready.d.session_id, seq: 2 } });
  expect([await b.next(), await b.next(), await b.next()].map((f) => [f.t, f.s])).toEqual([
    ["TYPING_START", 3],
    ["TYPING_START", 4],
    ["RESUMED", 5],
  ]);
  expect(discord.gateway.resumes.at(-1)).toMatchObject({ path: "/resume", seq: 2, replayed: ["TYPING_START", "TYPING_START"] });
  b.ws.close(1000);
  await b.closed;

  // A session that said goodbye cannot be resumed.
  const c = await connect(gateway);
  await c.next();
  c.send({ op: 6, d: { token, session_id: ready.d.session_id, seq: 5 } });
  expect(await c.next()).toMatchObject({ op: 9, d: false });
  c.ws.close(1000);
});

it("closes on a wrong token, an unknown opcode or a payload before IDENTIFY", async () => {
  const gateway = `${discord.apiUrl.replace(/^http/, "ws").replace(/\/api$/, "")}/gateway?v=10&encoding=json`;
  const wrong = await connect(gateway);
  wrong.send({ op: 2, d: { token: "nope", intents: 1 } });
  expect(await wrong.closed).toBe(4004);
  const odd = await connect(gateway);
  odd.send({ op: 42, d: null });
  expect(await odd.closed).toBe(4001);
  const early = await connect(gateway);
  early.send({ op: 3, d: { status: "online" } });
  expect(await early.closed).toBe(4003);
  const old = await connect(gateway.replace("v=10", "v=6"));
  expect(await old.closed).toBe(4012);
});

it("refuses a second answer to one interaction, as Discord does", async () => {
  const answer = () =>
    rest("/interactions/123456789012345678/tok/callback", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ type: 6 }),
    });
  expect((await answer()).status).toBe(204);
  const again = await answer();
  expect(again.status).toBe(400);
  expect(((await again.json()) as { code: number }).code).toBe(40060);
});
