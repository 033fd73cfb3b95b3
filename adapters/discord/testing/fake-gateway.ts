// A stand-in for Discord's gateway on a WebSocket, speaking its documented opcodes in JSON text
// frames (compression off): HELLO on connect, IDENTIFY answered by READY and GUILD_CREATE,
// HEARTBEAT by HEARTBEAT_ACK, RESUME by the missed events and RESUMED, and DISPATCH for whatever
// the test (or the REST fake) sends. Sessions outlive their sockets, so a client that lost its
// connection can resume and receive what was sent meanwhile, as with Discord.
// @see https://discord.com/developers/docs/events/gateway
// @see https://discord.com/developers/docs/topics/opcodes-and-status-codes#gateway
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { GatewayCloseCodes, GatewayDispatchEvents, GatewayOpcodes } from "discord.js";
import { WebSocket, WebSocketServer } from "ws";
import { snowflake } from "./payloads.js";

export interface FakeGatewayOptions {
  /** The bot token IDENTIFY and RESUME must carry. */
  token: string;
  /** READY's `user` (the bot) and `application`. */
  user: object;
  application: { id: string; flags: number };
  /** GUILD_CREATE for the bot's one server, as it is at the moment of connecting. */
  guild(): { id: string };
  /** HELLO's heartbeat interval (Discord's is about 41 s; tests take less to see heartbeats). */
  heartbeatIntervalMs?: number | undefined;
}

export interface GatewayIdentify {
  /** performance.now() and Date.now() when it arrived. */
  at: number;
  wallAt: number;
  session: string;
  intents: number;
  shard: unknown;
}

export interface GatewayResume {
  at: number;
  session: string;
  seq: number;
  /** The URL path it came in on: READY's resume_gateway_url points at `/resume`. */
  path: string;
  /** The types of the events sent again because the client had not seen them. */
  replayed: string[];
}

export interface FakeGateway {
  /** Takes over an HTTP upgrade request for the gateway's paths. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  identifies: GatewayIdentify[];
  resumes: GatewayResume[];
  /** Every HEARTBEAT's `d`: the last sequence number the client had seen. */
  heartbeats: (number | null)[];
  /** Close codes of sockets the client closed. */
  clientCloses: number[];
  /**
   * Sends a DISPATCH to every session that is live or may still resume; a session whose socket is
   * down keeps it for its RESUME. Returns how many open sockets it went out on.
   */
  dispatch(t: string, d: unknown): number;
  /** Closes every open socket with this code (4000: "unknown error, reconnect", which resumes). */
  close(code: number, reason?: string): void;
  /** Sessions with an open socket. */
  connected(): number;
  stop(): Promise<void>;
}

interface Session {
  id: string;
  seq: number;
  /** Sent dispatches, for a RESUME to replay. */
  log: { op: 0; s: number; t: string; d: unknown }[];
  socket: WebSocket | null;
}

/** The events a session keeps for a RESUME (a slow client misses at most this many). */
const keptForResume = 5_000;

export function fakeGateway(opts: FakeGatewayOptions, resumeUrl: () => string): FakeGateway {
  const server = new WebSocketServer({ noServer: true });
  const sessions = new Map<string, Session>();
  const identifies: GatewayIdentify[] = [];
  const resumes: GatewayResume[] = [];
  const heartbeats: (number | null)[] = [];
  const clientCloses: number[] = [];
  const heartbeatMs = opts.heartbeatIntervalMs ?? 41_250;

  // Sockets this side closed: the others' close codes are the client's.
  const shutByUs = new WeakSet<WebSocket>();
  const shut = (ws: WebSocket, code: number, reason: string) => {
    shutByUs.add(ws);
    ws.close(code, reason);
  };
  const sendTo = (ws: WebSocket, payload: object) => {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(payload));
  };
  const push = (session: Session, t: string, d: unknown) => {
    const event = { op: 0 as const, s: ++session.seq, t, d };
    session.log.push(event);
    if (session.log.length > keptForResume) session.log.shift();
    if (session.socket?.readyState !== WebSocket.OPEN) return 0;
    sendTo(session.socket, event);
    return 1;
  };

  server.on("connection", (ws: WebSocket, req: IncomingMessage) => {
    const url = new URL(req.url ?? "/", "ws://gateway");
    // Without zlib-sync discord.js asks for plain JSON; anything else would be unreadable here.
    if (url.searchParams.get("v") !== "10") return shut(ws, GatewayCloseCodes.InvalidAPIVersion, "Invalid API version");
    if (url.searchParams.get("encoding") !== "json" || url.searchParams.has("compress"))
      return shut(ws, GatewayCloseCodes.DecodeError, "Only JSON without compression");
    let session: Session | null = null;
    sendTo(ws, { op: GatewayOpcodes.Hello, d: { heartbeat_interval: heartbeatMs }, s: null, t: null });

    ws.on("message", (raw, isBinary) => {
      let payload: { op?: unknown; d?: unknown };
      try {
        if (isBinary) throw new Error("binary frame");
        payload = JSON.parse(raw.toString()) as { op?: unknown; d?: unknown };
      } catch {
        return shut(ws, GatewayCloseCodes.DecodeError, "Decode error");
      }
      const d = (payload.d ?? {}) as Record<string, unknown>;
      switch (payload.op) {
        case GatewayOpcodes.Heartbeat:
          heartbeats.push(typeof payload.d === "number" ? payload.d : null);
          return sendTo(ws, { op: GatewayOpcodes.HeartbeatAck, d: null, s: null, t: null });
        case GatewayOpcodes.Identify: {
          if (session) return shut(ws, GatewayCloseCodes.AlreadyAuthenticated, "Already authenticated");
          if (d.token !== opts.token) return shut(ws, GatewayCloseCodes.AuthenticationFailed, "Authentication failed");
          if (typeof d.intents !== "number") return shut(ws, GatewayCloseCodes.InvalidIntents, "Invalid intent(s)");
          session = { id: snowflake(), seq: 0, log: [], socket: ws };
          sessions.set(session.id, session);
          identifies.push({ at: performance.now(), wallAt: Date.now(), session: session.id, intents: d.intents, shard: d.shard });
          const guild = opts.guild();
          push(session, GatewayDispatchEvents.Ready, {
            v: 10,
            user: opts.user,
            guilds: [{ id: guild.id, unavailable: true }],
            session_id: session.id,
            resume_gateway_url: resumeUrl(),
            shard: [0, 1],
            application: opts.application,
          });
          push(session, GatewayDispatchEvents.GuildCreate, guild);
          return;
        }
        case GatewayOpcodes.Resume: {
          if (session) return shut(ws, GatewayCloseCodes.AlreadyAuthenticated, "Already authenticated");
          if (d.token !== opts.token) return shut(ws, GatewayCloseCodes.AuthenticationFailed, "Authentication failed");
          const found = sessions.get(String(d.session_id));
          const seq = Number(d.seq);
          // Not resumable (unknown, or behind what was kept): the client must identify afresh.
          if (!found || !(seq <= found.seq) || (found.log[0] && seq < found.log[0].s - 1)) {
            return sendTo(ws, { op: GatewayOpcodes.InvalidSession, d: false, s: null, t: null });
          }
          if (found.socket && found.socket !== ws) shut(found.socket, GatewayCloseCodes.SessionTimedOut, "Resumed elsewhere");
          session = found;
          found.socket = ws;
          const missed = found.log.filter((e) => e.s > seq);
          for (const e of missed) sendTo(ws, e);
          resumes.push({ at: performance.now(), session: found.id, seq, path: url.pathname, replayed: missed.map((e) => e.t) });
          push(found, GatewayDispatchEvents.Resumed, {});
          return;
        }
        case GatewayOpcodes.PresenceUpdate:
        case GatewayOpcodes.RequestGuildMembers:
          if (!session) return shut(ws, GatewayCloseCodes.NotAuthenticated, "Not authenticated");
          return;
        default:
          return shut(ws, GatewayCloseCodes.UnknownOpcode, "Unknown opcode");
      }
    });
    ws.on("close", (code) => {
      if (!shutByUs.has(ws)) clientCloses.push(code);
      if (!session || session.socket !== ws) return;
      session.socket = null;
      // A client that said goodbye (1000/1001) ended its session; any other close may resume.
      if (code === 1000 || code === 1001) sessions.delete(session.id);
    });
    ws.on("error", () => undefined);
  });

  return {
    upgrade(req, socket, head) {
      server.handleUpgrade(req, socket, head, (ws) => server.emit("connection", ws, req));
    },
    identifies,
    resumes,
    heartbeats,
    clientCloses,
    dispatch(t, d) {
      let sent = 0;
      for (const s of sessions.values()) sent += push(s, t, d);
      return sent;
    },
    close(code, reason = "") {
      for (const s of sessions.values()) if (s.socket) shut(s.socket, code, reason);
    },
    connected: () => [...sessions.values()].filter((s) => s.socket?.readyState === WebSocket.OPEN).length,
    async stop() {
      for (const ws of server.clients) ws.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
