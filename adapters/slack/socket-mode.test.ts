import { SocketModeReceiver } from "@slack/bolt";
import { Hono } from "hono";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { silentLogger } from "../../core/log.js";
import { createTicket } from "../../core/tickets/create-ticket.js";
import { as, testCore, type TestCore } from "../../test/harness.js";
import { createSlackApp } from "./bolt-app.js";
import { newWorkerId } from "./context.js";
import { createSlackAdapter, SlackConfig, SlackEnv, slackSettings, type SlackSettings } from "./index.js";
import { modalIds } from "./modals.js";
import { appTokenProblem, SlackSocketReceiver, SocketLease, socketLeaseName } from "./socket-mode.js";
import { signingSecret, teamId } from "./testing/requests.js";
import { fakeSlackApi, type FakeSlackApi } from "./testing/slack-api.js";

let t: TestCore;
let api: FakeSlackApi;
beforeAll(async () => {
  t = await testCore();
});
afterAll(() => t.close());
beforeEach(() => {
  // No network: any Web API call (apps.connections.open included) would be recorded here.
  api = fakeSlackApi();
});
afterEach(() => {
  vi.restoreAllMocks();
  api.done();
});

const cfg = SlackConfig.parse({ slack: { triageChannels: [{ channel: "C0TRIAGE" }] } }).slack;
const base: SlackSettings = {
  botToken: "xoxb-test",
  signingSecret,
  botUserId: "U0BOT",
  botId: "B0BOT",
  teamId,
  triageChannels: [{ channel: "CTRIAGE" }],
};

describe("Socket Mode settings", () => {
  it("reads SLACK_APP_TOKEN and SLACK_SOCKET_MODE, and needs no signing secret then", () => {
    const env = SlackEnv.parse({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_APP_TOKEN: "xapp-1-A0-1-abc", SLACK_SOCKET_MODE: "true" });
    const parsed = slackSettings(env, cfg);
    expect(parsed).toMatchObject({ ok: true, settings: { socketMode: { appToken: "xapp-1-A0-1-abc" }, signingSecret: "" } });
    // Off by default, and HTTP mode still needs the signing secret.
    expect(SlackEnv.parse({}).SLACK_SOCKET_MODE).toBe(false);
    const http = slackSettings(SlackEnv.parse({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_APP_TOKEN: "xapp-1-A0-1-abc" }), cfg);
    expect(http).toEqual({ ok: false, off: expect.stringContaining("SLACK_SIGNING_SECRET") });
  });

  it("refuses a token that is not an app-level token, naming the field", () => {
    const env = SlackEnv.safeParse({ SLACK_APP_TOKEN: "xoxb-123-456" });
    expect(env.success).toBe(false);
    expect(env.error?.issues[0]?.path).toEqual(["SLACK_APP_TOKEN"]);
    expect(env.error?.issues[0]?.message).toMatch(/app-level token \(xapp-…\)/);
    expect(SlackEnv.safeParse({ SLACK_SOCKET_MODE: "maybe" }).error?.issues[0]?.path).toEqual(["SLACK_SOCKET_MODE"]);
  });

  it("is off, saying why, when Socket Mode is on without an app token", () => {
    const parsed = slackSettings(
      SlackEnv.parse({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: signingSecret, SLACK_SOCKET_MODE: "1" }),
      cfg,
    );
    expect(parsed).toEqual({ ok: false, off: expect.stringContaining("SLACK_APP_TOKEN") });
  });
});

describe("createSlackAdapter in Socket Mode", () => {
  it("picks Bolt's SocketModeReceiver, mounts no route, and connects only when started, holding the lease", async () => {
    const started = vi.spyOn(SocketModeReceiver.prototype, "start").mockResolvedValue({ ok: true } as never);
    const stopped = vi.spyOn(SocketModeReceiver.prototype, "stop").mockResolvedValue();
    const adapter = createSlackAdapter({
      deps: t.deps,
      log: silentLogger,
      settings: { ...base, signingSecret: "", socketMode: { appToken: "xapp-1-A0-1-abc" } },
    });
    expect(adapter.mode).toBe("socket");
    const http = new Hono();
    adapter.route(http);
    expect((await http.request("/slack/events", { method: "POST", body: "{}" })).status).toBe(404);
    expect(started).not.toHaveBeenCalled();

    await adapter.start();
    expect(started).toHaveBeenCalledTimes(1);
    expect(await t.prisma.lease.findUnique({ where: { name: socketLeaseName } })).toMatchObject({
      holder: expect.stringMatching(/^slack-/),
    });
    await adapter.stop();
    expect(stopped).toHaveBeenCalledTimes(1);
    expect(await t.prisma.lease.count({ where: { name: socketLeaseName } })).toBe(0);
    expect(api.calls).toHaveLength(0);
  });

  it("stays in HTTP mode without the option", () => {
    expect(createSlackAdapter({ deps: t.deps, log: silentLogger, settings: base }).mode).toBe("http");
  });

  it("refuses a non-xapp token with a clear message", () => {
    expect(() => createSlackAdapter({ deps: t.deps, log: silentLogger, settings: base, socketMode: { appToken: "xoxb-123-456" } })).toThrow(
      /SLACK_APP_TOKEN is a bot token \(xoxb-…\); Socket Mode needs an app-level token \(xapp-…\)/,
    );
    expect(appTokenProblem("")).toMatch(/needs SLACK_APP_TOKEN/);
    expect(appTokenProblem("xapp-1-A-1-x")).toBeNull();
  });

  it("acks over the socket: field errors in the ack, the core's work after it", async () => {
    const { receiver } = createSlackApp({
      ctx: { deps: t.deps, log: silentLogger, teamId, workerId: newWorkerId() },
      botToken: "xoxb-test",
      signingSecret: "",
      botUserId: "U0BOT",
      botId: "B0BOT",
      appToken: "xapp-1-A0-1-abc",
    });
    expect(receiver).toBeInstanceOf(SlackSocketReceiver);
    const socket = (receiver as SlackSocketReceiver).socket;
    expect(socket).toBeInstanceOf(SocketModeReceiver);
    const id = (await createTicket(t.deps, { subject: "over the socket", requester: { email: "carol@customer.test" } }, as.ada)).id;
    const submit = async (text: string) => {
      const acks: unknown[] = [];
      const body = {
        type: "view_submission",
        team: { id: teamId, domain: "help" },
        user: { id: "U0BOB", team_id: teamId },
        api_app_id: "A0HELP",
        view: {
          id: "V1",
          callback_id: modalIds.comment,
          private_metadata: JSON.stringify({ ticketId: id }),
          state: { values: { text: { value: { type: "plain_text_input", value: text } } } },
        },
      };
      socket.client.emit("slack_event", {
        ack: async (r: unknown) => void acks.push(r ?? null),
        envelope_id: "e1",
        body,
        retry_num: undefined,
        retry_reason: undefined,
      });
      await new Promise((r) => setImmediate(r));
      await (receiver as SlackSocketReceiver).idle();
      return acks;
    };
    expect(await submit("  ")).toEqual([{ response_action: "errors", errors: { text: "Required." } }]);
    expect(await submit("Noted over the socket")).toEqual([null]);
    expect(await t.prisma.message.count({ where: { ticketId: id, kind: "COMMENT", text: "Noted over the socket" } })).toBe(1);
  });
});

describe("the socket lease", () => {
  const lease = (events: string[], workerId: string) =>
    new SocketLease({
      deps: t.deps,
      log: silentLogger,
      workerId,
      connect: async () => void events.push(`${workerId} connect`),
      disconnect: async () => void events.push(`${workerId} disconnect`),
      ttlMs: 30_000,
      renewMs: 60_000,
    });

  it("lets one replica hold the socket, and another take over when it stops or stops renewing", async () => {
    const events: string[] = [];
    const a = lease(events, "slack-a");
    const b = lease(events, "slack-b");
    expect(await a.tick()).toBe(true);
    expect(await b.tick()).toBe(false);
    expect(await a.tick()).toBe(true);
    expect(events).toEqual(["slack-a connect"]);
    // A stops: it disconnects and gives the lease back, so B takes it at its next try.
    await a.stop();
    expect(await b.tick()).toBe(true);
    expect(events).toEqual(["slack-a connect", "slack-a disconnect", "slack-b connect"]);
    // B stops renewing (crashed): after the lease runs out, C takes over; B, if it comes back, lets go.
    const c = lease(events, "slack-c");
    expect(await c.tick()).toBe(false);
    t.advance(31_000);
    expect(await c.tick()).toBe(true);
    expect(await b.tick()).toBe(false);
    expect(events.slice(3)).toEqual(["slack-c connect", "slack-b disconnect"]);
    await b.stop();
    expect((await t.prisma.lease.findUniqueOrThrow({ where: { name: socketLeaseName } })).holder).toBe("slack-c");
    await c.stop();
    expect(await t.prisma.lease.count({ where: { name: socketLeaseName } })).toBe(0);
  });
});
