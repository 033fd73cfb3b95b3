// The platforms' APIs for the propagation half of `npm run bench:sla` (bench/sla-propagation.ts),
// in a process of their own so that their clock readings do not wait on the bench's event loop.
// One HTTP server holds both:
//   /slack/...           Slack's Web API (and response_url hooks): `{ ok: true }` with a fresh ts;
//   /discord/api/v10/... Discord's REST, answered by the stateful fake the adapter's tests use
//                        (adapters/discord/testing/fake-discord-rest.ts: forum posts, tags, messages).
// Every request is answered after BENCH_API_DELAY_MS (default 100). The first stdout line is the
// base URL; then, for each edit of a Discord message (the card is the forum post's starter
// message), one line `card <thread id> <ns>`: when the request reached this process, on
// process.hrtime's monotonic clock, which the bench reads too. Stops on SIGTERM.
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { fakeDiscordRest } from "../adapters/discord/testing/fake-discord-rest.js";
import { FORUM } from "../adapters/discord/testing/payloads.js";

const delayMs = Number(process.env.BENCH_API_DELAY_MS ?? 100);
const discord = fakeDiscordRest({ forums: [FORUM] });
let slackTs = 1_760_000_000_000_000;

/** The body as JSON (Discord), or its form fields (Slack's Web API client posts forms). */
async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  if (!text) return {};
  if ((req.headers["content-type"] ?? "").includes("json")) return JSON.parse(text) as Record<string, unknown>;
  return Object.fromEntries(new URLSearchParams(text));
}

const server = createServer((req, res) => {
  const arrived = process.hrtime.bigint();
  const uri = req.url ?? "/";
  const path = uri.split("?")[0]!;
  const method = req.method ?? "GET";
  const discordPath = path.startsWith("/discord/") ? path.slice("/discord".length) : null;
  // PATCH /channels/{thread}/messages/{message}: a card (or another message) being edited.
  const edit = discordPath && method === "PATCH" ? /^\/api\/v10\/channels\/(\d+)\/messages\/\d+$/.exec(discordPath) : null;
  if (edit) process.stdout.write(`card ${edit[1]} ${arrived}\n`);
  void readBody(req).then(
    (body) =>
      setTimeout(() => {
        if (discordPath) {
          const [status, out, headers] = discord.answer(method, discordPath + uri.slice(path.length), body);
          if (status === 204) res.writeHead(204, headers).end();
          else res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(out));
          // The fake keeps every call for tests to read; nobody reads them here.
          discord.calls.length = 0;
          return;
        }
        const ts = `${Math.floor(++slackTs / 1e6)}.${String(slackTs % 1e6).padStart(6, "0")}`;
        const channel = typeof body.channel === "string" ? body.channel : "C0BENCH";
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true, channel, ts, message: { ts } }));
      }, delayMs),
    () => res.writeHead(400).end(),
  );
});
server.keepAliveTimeout = 30_000;
server.listen(0, "127.0.0.1", () => process.stdout.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}\n`));
process.once("SIGTERM", () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
