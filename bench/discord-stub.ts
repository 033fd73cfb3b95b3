// The REST half of `npm run bench:discord`: a stand-in for Discord's API in its own process.
// Interaction callbacks are answered at once and reported on stdout as `<interaction id> <ns>`
// (process.hrtime, the same monotonic clock as the bench's); everything else (follow-ups, forum
// posts, card edits, thread posts) answers after BENCH_API_DELAY_MS with a plausible body.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

const delayMs = Number(process.env.BENCH_API_DELAY_MS ?? 100);
let nextId = 900000000000000000n;
const id = () => String(++nextId);
const tags = [{ id: "910000000000000001", name: "New", moderated: false, emoji_id: null, emoji_name: null }];

const server = createServer((req, res) => {
  const path = (req.url ?? "").split("?")[0]!.replace(/^\/api\/v10/, "");
  const callback = /^\/interactions\/(\d+)\/[^/]+\/callback$/.exec(path);
  if (callback) {
    process.stdout.write(`${callback[1]} ${process.hrtime.bigint()}\n`);
    req.resume();
    res.writeHead(204).end();
    return;
  }
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () =>
    setTimeout(() => {
      const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>) : {};
      const message = (channel: string) => ({
        id: id(),
        channel_id: channel,
        type: 0,
        content: body.content ?? "",
        embeds: [],
        components: [],
        attachments: [],
        mentions: [],
        mention_roles: [],
        pinned: false,
        tts: false,
        mention_everyone: false,
        timestamp: new Date().toISOString(),
        edited_timestamp: null,
        flags: 0,
        author: { id: "700000000000000001", username: "helpdesk", discriminator: "0", avatar: null, bot: true },
      });
      const seg = path.split("/").filter(Boolean);
      let out: unknown = {};
      if (seg[0] === "webhooks") out = message("0");
      else if (seg[0] === "users") out = { id: id(), type: 1 };
      else if (seg[0] === "channels" && seg[2] === "threads") {
        const thread = id();
        out = {
          id: thread,
          type: 11,
          parent_id: seg[1],
          name: body.name,
          applied_tags: body.applied_tags ?? [],
          message: { ...message(thread), id: thread },
        };
      } else if (seg[0] === "channels" && seg[2] === "messages") out = message(seg[1]!);
      else if (seg[0] === "channels")
        out = { id: seg[1], type: seg[1] === "200000000000000001" ? 15 : 11, name: "post", applied_tags: [], available_tags: tags };
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(out));
    }, delayMs),
  );
});
server.listen(0, "127.0.0.1", () => process.stdout.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}\n`));
process.once("SIGTERM", () => server.close(() => process.exit(0)));
