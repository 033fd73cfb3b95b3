// A local Discord for the real service: the fake REST API (fake-discord-rest.ts) over HTTP and the
// fake gateway (fake-gateway.ts) on the same port. Point DISCORD_API_URL at `apiUrl`; the bot finds
// the gateway through `GET /gateway/bot`, as it does with Discord. What the REST side creates
// (forum posts, messages) reaches the gateway as Discord would send it (THREAD_CREATE,
// MESSAGE_CREATE), so the client knows the posts it made.
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { fakeDiscordRest, type DiscordCall, type FakeDiscordRestView } from "./fake-discord-rest.js";
import { fakeGateway, type FakeGateway } from "./fake-gateway.js";
import { APP, FORUM, guildCreate, rawUser } from "./payloads.js";

export interface LocalDiscordOptions {
  /** The bot token every REST request (but interaction answers) and the IDENTIFY must carry. */
  token: string;
  /** Forum channels of the server (the test forum by default). */
  forums?: string[];
  /** How long REST takes to answer anything but an interaction callback (default 0). */
  delayMs?: number;
  /** HELLO's heartbeat interval (default Discord's 41,250 ms). */
  heartbeatIntervalMs?: number;
}

export interface LocalDiscord extends FakeDiscordRestView {
  /** The REST base to give the bot as DISCORD_API_URL. */
  apiUrl: string;
  gateway: FakeGateway;
  /** Calls `fn` with every REST request as it is recorded; returns how to stop. */
  onCall(fn: (call: DiscordCall) => void): () => void;
  close(): Promise<void>;
}

const unauthorized = { message: "401: Unauthorized", code: 0 };

/** Starts the local Discord on a free loopback port. */
export async function startLocalDiscord(opts: LocalDiscordOptions): Promise<LocalDiscord> {
  const forums = opts.forums ?? [FORUM];
  let base = "";
  const listeners = new Set<(call: DiscordCall) => void>();
  const rest = fakeDiscordRest({ forums, gatewayUrl: () => `ws://${base}/gateway`, dispatch: (t, d) => void gateway.dispatch(t, d) });
  const gateway = fakeGateway(
    {
      token: opts.token,
      user: rawUser({ id: APP, name: "helpdesk", bot: true }),
      application: { id: APP, flags: 0 },
      heartbeatIntervalMs: opts.heartbeatIntervalMs,
      guild: () => {
        const g = guildCreate();
        const known = new Set(g.channels.map((c) => c.id));
        const more = forums
          .filter((f) => !known.has(f))
          .map((id, i) => ({
            id,
            type: 15,
            guild_id: g.id,
            name: `tickets-${i + 2}`,
            position: 2 + i,
            permission_overwrites: [],
            available_tags: [],
          }));
        return { ...g, channels: [...g.channels, ...more], threads: rest.threads() };
      },
    },
    () => `ws://${base}/resume`,
  );

  const server = createServer((req, res) => {
    const at = performance.now();
    const uri = req.url ?? "/";
    const path = uri.split("?")[0]!;
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      if (status === 204) return void res.writeHead(204, headers).end();
      res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
    };
    if (!path.startsWith("/api/v10/")) return void req.resume().on("end", () => send(404, { message: "404: Not Found", code: 0 }));
    // Interaction answers and their webhooks go by the interaction's token, not the bot's.
    const byToken = /^\/api\/v10\/(interactions|webhooks)\//.test(path);
    if (!byToken && req.headers.authorization !== `Bot ${opts.token}`) return void req.resume().on("end", () => send(401, unauthorized));
    void readJson(req).then(
      (body) => {
        const answer = () => {
          const [status, out, headers] = rest.answer(req.method ?? "GET", uri, body, at);
          const call = rest.calls.at(-1)!;
          for (const fn of listeners) fn(call);
          send(status, out, headers);
        };
        // Interaction callbacks are answered at once: they are what latency is measured to.
        if (/\/callback$/.test(path) || !opts.delayMs) answer();
        else setTimeout(answer, opts.delayMs);
      },
      () => send(400, { message: "400: Bad Request", code: 50109 }),
    );
  });
  server.on("upgrade", (req: IncomingMessage, socket, head: Buffer) => {
    const path = (req.url ?? "/").split("?")[0];
    if (path === "/gateway" || path === "/resume") gateway.upgrade(req, socket, head);
    else socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  base = `127.0.0.1:${(server.address() as AddressInfo).port}`;

  const { answer: _answer, threads: _threads, ...view } = rest;
  return {
    ...view,
    apiUrl: `http://${base}/api`,
    gateway,
    onCall(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    async close() {
      await gateway.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The request's JSON body, or `{}` for none. */
async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}
