// A real SMTP server on loopback that keeps what it receives, for outbound mail tests.
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export interface ReceivedMail {
  mailFrom: string;
  rcptTo: string[];
  raw: Buffer;
}

export interface SmtpSink {
  url: string;
  received: ReceivedMail[];
  /** Refuse the next recipients (or only `address`) with this SMTP reply (e.g. 451 try later, 550 no such user). */
  refuseWith(reply: { code: number; message: string } | null, address?: string): void;
  /** The most messages that were being received at once (from DATA to the server's answer). */
  readonly maxInFlight: number;
  close(): Promise<void>;
}

export interface SmtpSinkOptions {
  /** How long the server takes to accept each message once its data is in (a slow relay). */
  delayMs?: number;
}

export async function startSmtpSink(opts: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  let refusal: { code: number; message: string } | null = null;
  let refused: string | undefined;
  let inFlight = 0;
  let maxInFlight = 0;
  const server = new SMTPServer({
    disabledCommands: ["STARTTLS", "AUTH"],
    authOptional: true,
    logger: false,
    onRcptTo(address, _session, callback) {
      if (!refusal || (refused !== undefined && address.address !== refused)) return callback();
      callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
    },
    onData(stream, session, callback) {
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const accept = () => {
          received.push({
            mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            rcptTo: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks),
          });
          inFlight--;
          callback();
        };
        if (opts.delayMs) setTimeout(accept, opts.delayMs);
        else accept();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    refuseWith: (reply, address) => {
      refusal = reply;
      refused = address;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
