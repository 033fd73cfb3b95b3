// Slack's Web API answered by nock, recording what the adapter sent.
import nock from "nock";

export interface SlackCall {
  method: string;
  /** The form or JSON body, with `blocks`/`view` decoded from their JSON strings. */
  body: Record<string, unknown>;
}

type Reply = [status: number, body: Record<string, unknown>, headers?: Record<string, string>];
type Queued = { reply: Reply; match?: Record<string, string> | undefined };

export interface FakeSlackApi {
  calls: SlackCall[];
  /** Calls of one method. */
  of(method: string): SlackCall[];
  /**
   * Answers the next call of `method` this way (once), instead of `{ ok: true }`; with `match`,
   * the next call whose body has those values (e.g. `{ user: "U0CAROL" }`), whatever comes before.
   */
  next(method: string, reply: Reply, match?: Record<string, string>): void;
  /**
   * Holds every answer to `method` until the returned function is called: a test can see what
   * happened before that call's answer came.
   */
  hold(method: string): () => void;
  /** POSTs made to response_url hooks. */
  responses: { path: string; body: Record<string, unknown> }[];
  done(): void;
}

let tsCounter = 1000;

function decode(body: unknown): Record<string, unknown> {
  const raw: Record<string, unknown> =
    typeof body === "string"
      ? body.startsWith("{")
        ? JSON.parse(body)
        : Object.fromEntries(new URLSearchParams(body))
      : { ...(body as object) };
  for (const k of ["blocks", "view"]) {
    if (typeof raw[k] === "string") raw[k] = JSON.parse(raw[k] as string);
  }
  return raw;
}

/** Intercepts https://slack.com/api/* and https://hooks.slack.com/*; call done() after each test. */
export function fakeSlackApi(opts: { hookDelayMs?: number } = {}): FakeSlackApi {
  const calls: SlackCall[] = [];
  const responses: FakeSlackApi["responses"] = [];
  const queued = new Map<string, Queued[]>();
  const held = new Map<string, Promise<void>>();
  nock.disableNetConnect();
  nock("https://slack.com")
    .persist()
    .post(/^\/api\/[\w.]+$/)
    .reply(async function (uri, body) {
      const method = uri.replace(/^\/api\//, "");
      calls.push({ method, body: decode(body) });
      await held.get(method);
      const sent = decode(body);
      const q = queued.get(method) ?? [];
      const at = q.findIndex((e) => !e.match || Object.entries(e.match).every(([k, v]) => String(sent[k]) === v));
      const r = at >= 0 ? q.splice(at, 1)[0]!.reply : undefined;
      if (r) return [r[0], r[1], r[2] ?? {}];
      const ts = `1767600000.${String(++tsCounter).padStart(6, "0")}`;
      // chat.getPermalink answers with a message's permalink, shaped as Slack makes them.
      const permalink =
        method === "chat.getPermalink"
          ? { permalink: `https://helpdesk-test.slack.com/archives/${String(sent.channel)}/p${String(sent.message_ts).replace(".", "")}` }
          : {};
      return [200, { ok: true, ts, channel: decode(body).channel ?? "C0", view: { id: "V1" }, ...permalink }];
    });
  nock("https://hooks.slack.com")
    .persist()
    .post(/.*/)
    .delay(opts.hookDelayMs ?? 0)
    .reply(function (uri, body) {
      responses.push({ path: uri, body: decode(body) });
      return [200, "ok"];
    });
  return {
    calls,
    responses,
    of: (method) => calls.filter((c) => c.method === method),
    hold: (method) => {
      let release = () => {};
      held.set(method, new Promise<void>((resolve) => (release = resolve)));
      return () => {
        held.delete(method);
        release();
      };
    },
    next: (method, reply, match) => queued.set(method, [...(queued.get(method) ?? []), { reply, match }]),
    done: () => {
      nock.cleanAll();
      nock.enableNetConnect();
    },
  };
}
