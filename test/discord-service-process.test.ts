// The real service against a local Discord, checked from outside as a user's Discord would drive
// it: bot/main.ts in a child process (as `npm start` runs it) with DISCORD_API_URL pointing at a
// fake Discord in this test (REST on HTTP, the gateway on a WebSocket found through
// `GET /gateway/bot`). A signed web form opens a ticket and its forum post appears at the fake
// REST; a claim button and a message typed in the post arrive over the gateway; the fake drops the
// socket and the service resumes; and two services on one PostgreSQL keep one gateway session,
// the survivor taking over within the lease time when the holder is killed.
import { createHmac } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gatewayLeaseName } from "../adapters/discord/index.js";
import { testToken } from "../adapters/discord/testing/client.js";
import { startLocalDiscord, type LocalDiscord } from "../adapters/discord/testing/local-discord.js";
import { button, chatInput, FORUM, GUILD, messageCreate, rawMessage } from "../adapters/discord/testing/payloads.js";
import { freshDatabase, testProvider, type TestDatabase } from "./harness.js";
import { killServices, startServiceProcess, type ServiceProcess } from "./service-process.js";

const bob = { id: "100000000000000001", name: "Bob" };
const formSecret = "process-test-form-secret";

/** Polls `probe` until it gives something, for up to `ms`. */
async function waitFor<T>(probe: () => Promise<T | null | undefined> | T | null | undefined, what: string, ms = 10_000): Promise<T> {
  const deadline = performance.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A working directory with the config file, and the environment a user would set. */
function serviceSetup(db: TestDatabase, discord: LocalDiscord, extra: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), "helpdesk-discord-process-"));
  writeFileSync(
    join(dir, "helpdesk.json"),
    JSON.stringify({
      agents: [{ id: "bob", name: "Bob", email: "bob@helpdesk.test", discordUserId: bob.id }],
      forms: [
        {
          id: "contact",
          secretEnv: "FORM_CONTACT_SECRET",
          fields: { email: "email", name: "name", subject: "topic", description: "message" },
        },
      ],
      discord: { forums: [{ channel: FORUM }] },
    }),
  );
  const env = {
    DATABASE_URL: db.url,
    HOST: "127.0.0.1",
    PORT: "0",
    OUTBOX_POLL_MS: "50",
    HELPDESK_CONFIG: join(dir, "helpdesk.json"),
    FORM_CONTACT_SECRET: formSecret,
    DISCORD_TOKEN: testToken,
    DISCORD_GUILD_ID: GUILD,
    DISCORD_API_URL: discord.apiUrl,
    ...extra,
  };
  return { dir, env };
}

/** Posts a signed web form to the service; returns the new ticket's id. */
async function submitForm(port: number, fields: Record<string, string>): Promise<number> {
  const body = JSON.stringify(fields);
  const ts = String(Math.floor(Date.now() / 1000));
  const sig = createHmac("sha256", formSecret).update(`${ts}..${body}`).digest("hex");
  const res = await fetch(`http://127.0.0.1:${port}/webhooks/forms/contact`, {
    method: "POST",
    body,
    headers: { "content-type": "application/json", "x-helpdesk-signature": `t=${ts},sha256=${sig}` },
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { ticketId: number }).ticketId;
}

/** The forum post the outbox made for a ticket, at the fake REST. */
const forumPost = (discord: LocalDiscord, ticketId: number, subject: string) =>
  waitFor(() => {
    const post = discord.of("POST", `/channels/${FORUM}/threads`).find((c) => c.body.name === `#${ticketId} ${subject}`);
    return post && [...discord.channels.values()].find((c) => c.type === 11 && c.name === post.body.name)?.id;
  }, `the forum post of #${ticketId}`);

describe("the service against a local Discord", () => {
  let db: TestDatabase;
  let discord: LocalDiscord;
  let svc: ServiceProcess;
  let dir: string;
  let port: number;
  let ticketId: number;
  let thread: string;

  beforeAll(async () => {
    db = await freshDatabase();
    // Heartbeats every second, so a test run sees several.
    discord = await startLocalDiscord({ token: testToken, heartbeatIntervalMs: 1000 });
    const setup = serviceSetup(db, discord);
    dir = setup.dir;
    svc = startServiceProcess(setup.env, dir);
    port = await svc.port();
    await svc.waitForLog("discord gateway ready");
  });
  afterAll(async () => {
    await killServices();
    await discord?.close();
    await db?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("finds the gateway through DISCORD_API_URL's GET /gateway/bot and identifies there with the bot token", () => {
    expect(discord.of("GET", "/gateway/bot")).toHaveLength(1);
    expect(discord.gateway.identifies).toHaveLength(1);
    // Guilds, GuildMessages and MessageContent.
    expect(discord.gateway.identifies[0]!.intents).toBe(1 | 512 | 32768);
  });

  it("posts a ticket opened by a web form to the forum, with the customer's text in the post", async () => {
    ticketId = await submitForm(port, {
      email: "gina@shop.test",
      name: "Gina",
      topic: "Checkout broken",
      message: "Card declined @everyone",
    });
    thread = await forumPost(discord, ticketId, "Checkout broken");
    const mirrored = await waitFor(() => discord.of("POST", `/channels/${thread}/messages`)[0], "the customer's message in the post");
    expect(String(mirrored.body.content)).toContain("Card declined @\u200beveryone");
  });

  it("answers a claim button that arrives over the gateway, then edits the card", async () => {
    const claim = button(bob, `ticket:claim:${ticketId}`, { channelId: thread, parentId: FORUM }, rawMessage(thread, { id: thread }));
    expect(discord.gateway.dispatch("INTERACTION_CREATE", claim)).toBe(1);
    const answer = await waitFor(() => discord.callbackFor(claim.id), "the claim's interaction callback");
    expect(answer.type).toBe(6);
    const edit = await waitFor(
      () =>
        discord
          .of("PATCH", `/channels/${thread}/messages/${thread}`)
          .find((c) => JSON.stringify(c.body.embeds).includes('"name":"Owner","value":"Bob"')),
      "the card showing Bob as owner",
    );
    expect(edit.at).toBeGreaterThan(discord.of("POST", /^\/interactions\//).find((c) => c.path.includes(claim.id))!.at);
  });

  it("saves a message typed in the ticket's post as an internal note", async () => {
    discord.gateway.dispatch("MESSAGE_CREATE", messageCreate(bob, thread, "Called Gina; the card issuer blocks the shop."));
    const note = await waitFor(() => db.prisma.message.findFirst({ where: { ticketId, kind: "COMMENT" } }), "the note");
    expect(note.text).toBe("Called Gina; the card issuer blocks the shop.");
    // The bot's own posts, which Discord also sends on the gateway, are not notes.
    expect(await db.prisma.message.count({ where: { ticketId, kind: "COMMENT" } })).toBe(1);
  });

  it("resumes when Discord closes the socket with 4000, receiving what was sent while it was away", async () => {
    const seen = discord.gateway.heartbeats.length;
    discord.gateway.close(4000, "Unknown error");
    const comment = chatInput(bob, "comment", { text: "Sent while the gateway was down." }, { channelId: thread, parentId: FORUM });
    expect(discord.gateway.dispatch("INTERACTION_CREATE", comment)).toBe(0);
    // (A loaded machine may also resume on its own, when a heartbeat's ACK comes late.)
    const resumed = await waitFor(
      () => discord.gateway.resumes.find((r) => r.replayed.includes("INTERACTION_CREATE")),
      "the RESUME replaying the command",
    );
    expect(resumed.path).toBe("/resume");
    expect(discord.gateway.identifies).toHaveLength(1);
    expect((await waitFor(() => discord.callbackFor(comment.id), "the replayed command's callback")).type).toBe(5);
    await waitFor(
      () => db.prisma.message.findFirst({ where: { ticketId, kind: "COMMENT", text: "Sent while the gateway was down." } }),
      "the note from the replayed command",
    );
    // Heartbeats go on over the resumed socket, each carrying the last sequence number seen.
    await waitFor(() => discord.gateway.heartbeats.length > seen, "heartbeats after the resume");
    expect(discord.gateway.heartbeats.at(-1)).toEqual(expect.any(Number));
  });

  it("on SIGTERM closes the gateway normally, hands the lease back and exits 0", async () => {
    await waitFor(() => discord.gateway.connected() === 1, "the gateway connected");
    svc.child.kill("SIGTERM");
    expect(await svc.exited).toBe(0);
    expect(discord.gateway.clientCloses.at(-1)).toBe(1000);
    expect(await db.prisma.lease.count({ where: { name: gatewayLeaseName } })).toBe(0);
  });
});

describe.skipIf(testProvider !== "postgresql")("two services on one PostgreSQL (needs TEST_DATABASE_URL)", () => {
  const leaseSeconds = 3;
  let db: TestDatabase;
  let discord: LocalDiscord;
  let dir: string;
  const services: ServiceProcess[] = [];

  beforeAll(async () => {
    db = await freshDatabase();
    discord = await startLocalDiscord({ token: testToken });
    const setup = serviceSetup(db, discord, { DISCORD_GATEWAY_LEASE_SECONDS: String(leaseSeconds) });
    dir = setup.dir;
    services.push(startServiceProcess(setup.env, dir), startServiceProcess(setup.env, dir));
    await Promise.all(services.map((s) => s.port()));
  });
  afterAll(async () => {
    await killServices();
    await discord?.close();
    await db?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("only one identifies; killed, the other takes over within the lease time and answers interactions", async () => {
    await waitFor(() => discord.gateway.identifies.length === 1, "one IDENTIFY", 20_000);
    const holder = await waitFor(() => services.find((s) => s.logs.some((l) => l.msg === "discord gateway ready")), "the holder ready");
    const standby = services.find((s) => s !== holder)!;
    const port = await standby.port();
    const ticketId = await submitForm(port, { email: "hal@shop.test", topic: "Refund", message: "Twice charged." });
    const thread = await forumPost(discord, ticketId, "Refund");

    // Past two renewals (a third of the lease each), still one session.
    await new Promise((r) => setTimeout(r, (leaseSeconds * 1000 * 2) / 3 + 500));
    expect(discord.gateway.identifies).toHaveLength(1);
    expect(standby.logs.some((l) => /lease taken/.test(l.msg))).toBe(false);

    holder.child.kill("SIGKILL");
    const killedAt = Date.now();
    await holder.exited;
    const lease = await db.prisma.lease.findUniqueOrThrow({ where: { name: gatewayLeaseName } });
    expect(lease.holder).toBe(holder.logs.find((l) => /lease taken/.test(l.msg))?.holder);
    const takeover = await waitFor(() => discord.gateway.identifies[1], "the standby's IDENTIFY", 15_000);
    // Not before the dead holder's lease ran out, and within the lease time: the lease plus one
    // renewal interval (a third of it) after the kill, and the time to connect.
    expect(takeover.wallAt).toBeGreaterThanOrEqual(lease.expiresAt.getTime());
    expect(takeover.wallAt - killedAt).toBeLessThan(((leaseSeconds * 4) / 3) * 1000 + 2500);
    await standby.waitForLog("discord gateway ready");

    const claim = button(bob, `ticket:claim:${ticketId}`, { channelId: thread, parentId: FORUM }, rawMessage(thread, { id: thread }));
    discord.gateway.dispatch("INTERACTION_CREATE", claim);
    expect((await waitFor(() => discord.callbackFor(claim.id), "the claim's callback")).type).toBe(6);
    await waitFor(() => db.prisma.ticket.findFirst({ where: { id: ticketId, ownerId: "bob" } }), "the claim saved");
  });
});
