// A small stateful stand-in for Discord's REST API, recording every request: forum posts and their
// tags, channel messages, DMs, command registration, and the interaction callbacks and webhook
// follow-ups the handlers send. Transport-free: discord-api.ts answers it through nock for
// in-process tests, local-discord.ts over HTTP (beside a gateway) for the real service.
import { ActionRowBuilder, EmbedBuilder, embedLength, ModalBuilder } from "discord.js";
import { rawMessage, snowflake, thread } from "./payloads.js";

export interface DiscordCall {
  method: string;
  /** Without the `/api/v10` prefix and the query. */
  path: string;
  query: string;
  body: Record<string, unknown>;
  /** When the request arrived (performance.now()). */
  at: number;
}

export interface Tag {
  id: string;
  name: string;
  moderated: boolean;
  emoji_id: null;
  emoji_name: null;
}

export interface FakeChannel {
  id: string;
  type: number;
  /** A thread that archived itself (idle): Discord refuses edits in it until it is reopened. */
  thread_metadata?: { archived: boolean; locked?: boolean } | undefined;
  parent_id?: string | undefined;
  name?: string | undefined;
  applied_tags?: string[] | undefined;
  available_tags?: Tag[] | undefined;
}

/** What tests read and steer of the fake API, whatever carries the requests to it. */
export interface FakeDiscordRestView {
  calls: DiscordCall[];
  /** Requests with this method whose path matches. */
  of(method: string, path: string | RegExp): DiscordCall[];
  /** Interaction callbacks (`POST /interactions/{id}/{token}/callback`), in order. */
  callbacks(): { interactionId: string; type: number; data: Record<string, unknown> }[];
  /** The callback made for one interaction, if any. */
  callbackFor(interactionId: string): { type: number; data: Record<string, unknown> } | undefined;
  /** Webhook messages (follow-ups and edits of the deferred reply), in order. */
  webhookMessages(): DiscordCall[];
  /** Everything the agent was shown privately or publicly in answer to interactions, joined. */
  shown(): string;
  channels: Map<string, FakeChannel>;
  /** Makes a channel answer 404 from now on (deleted in Discord). */
  deleteChannel(id: string): void;
  /** Archives a thread, as Discord does after it has been idle for its auto-archive time. */
  archive(id: string): void;
  /**
   * Whether a member without Manage Threads (a customer) can use a channel: write in it, press its
   * messages' buttons. Not in a locked thread, where Discord disables both.
   */
  usableByMember(id: string): boolean;
  /** Answers the next request matching method and path (after letting `pass` of them through) with this status and body, once. */
  next(method: string, path: RegExp, status: number, body: Record<string, unknown>, headers?: Record<string, string>, pass?: number): void;
}

export interface FakeDiscordRest extends FakeDiscordRestView {
  /** Records and answers one request: `uri` is the path after the host, with `/api/v10` and any query. */
  answer(method: string, uri: string, body: Record<string, unknown>, at?: number): [number, unknown, Record<string, string>];
  /** The active forum posts, as GUILD_CREATE lists them. */
  threads(): object[];
}

export interface FakeDiscordRestOptions {
  /** Forum channels that exist. */
  forums: string[];
  tags?: Tag[];
  /** The gateway's address, for `GET /gateway/bot`; without it that route is unknown. */
  gatewayUrl?: (() => string) | undefined;
  /** Told of what Discord would dispatch on the gateway after a request (a thread or message created). */
  dispatch?: ((t: string, d: unknown) => void) | undefined;
}

/** Discord's answer to a body it will not take. */
const invalidForm = (problem: string): [number, unknown] => [400, { message: "Invalid Form Body", code: 50035, errors: { problem } }];

/**
 * Whether a modal would be refused: checked with discord.js's own builders, which carry Discord's
 * limits (title, labels, lengths, option counts), so a test cannot pass with a modal Discord rejects.
 */
function invalidModal(data: unknown): string | null {
  try {
    new ModalBuilder(data as ConstructorParameters<typeof ModalBuilder>[0]).toJSON();
    return null;
  } catch (e) {
    return `modal: ${e instanceof Error ? e.message : String(e)}`;
  }
}

/** Whether a message's content, components or embeds break Discord's limits. */
function invalidMessage(data: unknown): string | null {
  const m = (data ?? {}) as { content?: unknown; components?: unknown[]; embeds?: unknown[] };
  if (typeof m.content === "string" && m.content.length > 2000) return `content is ${m.content.length} characters`;
  if ((m.components?.length ?? 0) > 5) return "more than 5 action rows";
  try {
    for (const row of m.components ?? []) new ActionRowBuilder(row as ConstructorParameters<typeof ActionRowBuilder>[0]).toJSON();
    for (const e of m.embeds ?? []) {
      const embed = new EmbedBuilder(e as ConstructorParameters<typeof EmbedBuilder>[0]).toJSON();
      if (embedLength(embed) > 6000) return "embeds over 6,000 characters";
    }
    return null;
  } catch (e) {
    return `components or embeds: ${e instanceof Error ? e.message : String(e)}`;
  }
}

/** The fake API's state and routes. */
export function fakeDiscordRest(opts: FakeDiscordRestOptions): FakeDiscordRest {
  const calls: DiscordCall[] = [];
  const channels = new Map<string, FakeChannel>();
  const deleted = new Set<string>();
  const acknowledged = new Set<string>();
  const queued: {
    method: string;
    path: RegExp;
    status: number;
    body: Record<string, unknown>;
    headers?: Record<string, string> | undefined;
    pass: number;
  }[] = [];
  for (const f of opts.forums) channels.set(f, { id: f, type: 15, available_tags: [...(opts.tags ?? [])] });
  const dms = new Map<string, string>();
  const dispatch = opts.dispatch ?? (() => undefined);

  /** A message as Discord returns it after a create or edit. */
  const message = (channelId: string, body: Record<string, unknown>, id = snowflake()) =>
    rawMessage(channelId, {
      id,
      content: typeof body.content === "string" ? body.content : "",
      embeds: (body.embeds as unknown[] | undefined) ?? [],
      components: (body.components as unknown[] | undefined) ?? [],
      flags: typeof body.flags === "number" ? body.flags : 0,
    });
  const threadOf = (c: FakeChannel) => ({ ...thread(c.id, c.parent_id, c.name), applied_tags: c.applied_tags ?? [] });

  function route(method: string, path: string, body: Record<string, unknown>): [number, unknown] {
    const seg = path.split("/").filter(Boolean);
    const notFound: [number, unknown] = [404, { message: "Unknown Channel", code: 10003 }];
    const archived = { message: "Thread is archived", code: 50083 };
    if (seg[0] === "gateway" && seg[1] === "bot" && method === "GET" && opts.gatewayUrl) {
      return [
        200,
        {
          url: opts.gatewayUrl(),
          shards: 1,
          session_start_limit: { total: 1000, remaining: 999, reset_after: 86_400_000, max_concurrency: 1 },
        },
      ];
    }
    if (seg[0] === "interactions" && seg[3] === "callback") {
      // An interaction is answered once; a second answer (two sessions handling it) is refused.
      if (acknowledged.has(seg[1]!)) return [400, { message: "Interaction has already been acknowledged.", code: 40060 }];
      const problem = body.type === 9 ? invalidModal(body.data) : invalidMessage(body.data);
      if (problem) return invalidForm(problem);
      acknowledged.add(seg[1]!);
      return [204, ""];
    }
    if (seg[0] === "applications" && seg.at(-1) === "commands" && method === "PUT") {
      const list = Array.isArray(body) ? (body as Record<string, unknown>[]) : [];
      return [200, list.map((c) => ({ ...c, id: snowflake(), application_id: seg[1], version: snowflake() }))];
    }
    if (seg[0] === "webhooks") {
      if (method === "DELETE") return [204, ""];
      const problem = invalidMessage(body);
      if (problem) return invalidForm(problem);
      return [200, message("webhook", body, seg[4] && seg[4] !== "@original" ? seg[4] : snowflake())];
    }
    if (seg[0] === "users" && seg[2] === "channels") {
      const who = String(body.recipient_id);
      if (!dms.has(who)) dms.set(who, snowflake());
      return [200, { id: dms.get(who), type: 1 }];
    }
    if (seg[0] !== "channels" || !seg[1]) return [404, { message: "Unknown route", code: 0 }];
    const id = seg[1];
    if (deleted.has(id)) return notFound;
    const channel = channels.get(id);
    if (seg.length === 2) {
      if (method === "GET") return channel ? [200, channel] : notFound;
      if (method === "PATCH") {
        if (!channel) return notFound;
        // An archived thread takes no change unless the same request reopens it.
        if (channel.thread_metadata?.archived && body.archived !== false) return [400, archived];
        if (typeof body.archived === "boolean" && channel.thread_metadata) channel.thread_metadata.archived = body.archived;
        if (typeof body.locked === "boolean" && channel.thread_metadata) channel.thread_metadata.locked = body.locked;
        if (Array.isArray(body.available_tags)) {
          channel.available_tags = (body.available_tags as Partial<Tag>[]).map((w) => ({
            id: w.id ?? snowflake(),
            name: String(w.name),
            moderated: false,
            emoji_id: null,
            emoji_name: null,
          }));
        }
        if (typeof body.name === "string") channel.name = body.name;
        if (Array.isArray(body.applied_tags)) channel.applied_tags = body.applied_tags as string[];
        return [200, channel];
      }
    }
    if (seg[2] === "threads" && method === "POST") {
      if (!channel) return notFound;
      const threadId = snowflake();
      const created: FakeChannel = {
        id: threadId,
        // A private thread (12) when asked for one, else a public one (a forum post).
        type: body.type === 12 ? 12 : 11,
        parent_id: id,
        name: String(body.name),
        applied_tags: (body.applied_tags as string[]) ?? [],
        thread_metadata: { archived: false },
      };
      channels.set(threadId, created);
      const starter = message(threadId, (body.message ?? {}) as Record<string, unknown>, threadId);
      // As Discord does: the new post, then its starter message, reach the gateway too.
      dispatch("THREAD_CREATE", { ...threadOf(created), newly_created: true });
      dispatch("MESSAGE_CREATE", starter);
      return [201, { ...created, message: starter }];
    }
    // Adding someone to a thread (a private thread's customer): no body, as Discord answers.
    if (seg[2] === "thread-members" && seg.length === 4 && method === "PUT") return channel?.thread_metadata ? [204, ""] : notFound;
    if (seg[2] === "messages") {
      const problem = method === "GET" ? null : invalidMessage(body);
      if (problem) return invalidForm(problem);
      if (seg.length === 3 && method === "POST") {
        // A locked thread opens again only by an explicit change; a message posted in a thread that
        // is merely archived brings it back.
        if (channel?.thread_metadata?.archived && channel.thread_metadata.locked) return [400, archived];
        if (channel?.thread_metadata?.archived) channel.thread_metadata.archived = false;
        const posted = message(id, body);
        dispatch("MESSAGE_CREATE", posted);
        return [200, posted];
      }
      if (seg.length === 4 && method === "PATCH" && channel?.thread_metadata?.archived) return [400, archived];
      if (seg.length === 4 && (method === "PATCH" || method === "GET")) return [200, message(id, body, seg[3])];
      if (seg.length === 4 && method === "DELETE") return [204, ""];
    }
    return [404, { message: "Unknown route", code: 0 }];
  }

  const callbackCalls = () => calls.filter((c) => /^\/interactions\/\d+\/[^/]+\/callback$/.test(c.path));
  const textOf = (b: Record<string, unknown>) => JSON.stringify(b);
  return {
    calls,
    channels,
    answer(method, uri, body, at = performance.now()) {
      const [pathPart, query = ""] = uri.replace(/^\/api\/v10/, "").split("?");
      calls.push({ method, path: pathPart!, query, body, at });
      const q = queued.findIndex((x) => x.method === method && x.path.test(pathPart!) && x.pass-- <= 0);
      if (q >= 0) {
        const [r] = queued.splice(q, 1);
        return [r!.status, r!.body, r!.headers ?? {}];
      }
      const [status, out] = route(method, pathPart!, body);
      return [status, out, {}];
    },
    threads: () => [...channels.values()].filter((c) => c.type === 11 && !deleted.has(c.id) && !c.thread_metadata?.archived).map(threadOf),
    of: (method, path) => calls.filter((c) => c.method === method && (typeof path === "string" ? c.path === path : path.test(c.path))),
    callbacks: () =>
      callbackCalls().map((c) => ({
        interactionId: c.path.split("/")[2]!,
        type: Number(c.body.type),
        data: (c.body.data ?? {}) as Record<string, unknown>,
      })),
    callbackFor: (interactionId) => {
      const c = callbackCalls().find((x) => x.path.split("/")[2] === interactionId);
      return c ? { type: Number(c.body.type), data: (c.body.data ?? {}) as Record<string, unknown> } : undefined;
    },
    webhookMessages: () => calls.filter((c) => c.path.startsWith("/webhooks/") && c.method !== "DELETE"),
    shown: () =>
      [
        ...callbackCalls().map((c) => textOf(c.body)),
        ...calls.filter((c) => c.path.startsWith("/webhooks/")).map((c) => textOf(c.body)),
      ].join("\n"),
    deleteChannel: (id) => deleted.add(id),
    archive: (id) => {
      const t = channels.get(id);
      if (t?.thread_metadata) t.thread_metadata.archived = true;
    },
    usableByMember: (id) => !channels.get(id)?.thread_metadata?.locked,
    next: (method, path, status, body, headers, pass = 0) => queued.push({ method, path, status, body, headers, pass }),
  };
}
