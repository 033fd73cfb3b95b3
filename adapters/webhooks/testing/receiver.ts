// A real HTTP receiver on loopback for the webhook tests: it keeps every request it got (headers
// and raw body) and answers each with the next scripted reply (200 once the script runs out).
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** What the receiver answers: a status, headers, and optionally a delay before the answer. */
export interface Reply {
  status: number;
  headers?: Record<string, string>;
  delayMs?: number;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** Queues replies for the next requests, in order. */
  script(...replies: Reply[]): void;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const queue: Reply[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      const reply = queue.shift() ?? { status: 200 };
      const answer = () => {
        if (res.destroyed) return;
        res.writeHead(reply.status, reply.headers);
        res.end("ok");
      };
      if (reply.delayMs) setTimeout(answer, reply.delayMs).unref();
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    script: (...replies) => void queue.push(...replies),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
