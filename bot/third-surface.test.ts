// What adding a chat surface takes: its entry in the surface registry, and nothing else in bot/
// or the core. A stand-in surface ("echo") is registered for the test: the service reads its
// variables and its section of the config file, checks the teams it names, links agents' accounts
// on it, says it is on at start, mounts its route, starts it and delivers its outbox rows.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { agentByChatUser, type DeliveryTarget, type OutboxRow } from "../core/index.js";
import type { Logger } from "../core/log.js";
import { createTicket } from "../core/tickets/create-ticket.js";
import { freshDatabase, until } from "../test/harness.js";
import { startService } from "./service.js";
import { loadSettings, sharedChatPlaces } from "./settings.js";
import { describeStartup, startupSummary } from "./startup-summary.js";
import { defineSurface, surfaceRegistry, type RoutedPlace } from "./surfaces.js";

const Room = z.object({ channel: z.string(), teamId: z.string().optional(), pipelineId: z.string().optional() });
const delivered: OutboxRow[] = [];
let started = 0;

const echo = defineSurface<{ ECHO_TOKEN?: string | undefined }, { rooms: z.infer<typeof Room>[] }, { rooms: RoutedPlace[] }>({
  env: z.object({ ECHO_TOKEN: z.string().min(8, "looks too short for a token").optional() }),
  section: z.object({ echo: z.object({ rooms: z.array(Room).default([]) }).default({ rooms: [] }) }).transform((c) => c.echo),
  places: (section) => ({ noun: "room", path: "echo.rooms", entries: section.rooms }),
  open: (_settings, { env, section }) => {
    if (!env.ECHO_TOKEN) return { off: "ECHO_TOKEN is not set" };
    return {
      destination: (t) => section.rooms.find((r) => r.teamId === t.teamId)?.channel ?? section.rooms[0]?.channel ?? null,
      load: async () => ({
        target: (): DeliveryTarget => ({ deliver: async (row) => void delivered.push(row) }),
        adapter: () => ({
          route: (app) => app.get("/echo/ping", (c) => c.text("pong")),
          start: async () => void started++,
          startFailed: "echo failed",
          stop: async () => {},
        }),
      }),
    };
  },
  summary: ({ env, section }) => (env.ECHO_TOKEN ? { on: true, rooms: section.rooms } : { on: false, why: "ECHO_TOKEN is not set" }),
  describe: (s) => `rooms ${s.rooms.map((r) => r.channel).join(", ")}`,
});

function configFile(content: object): string {
  const file = join(mkdtempSync(join(tmpdir(), "helpdesk-third-surface-")), "config.json");
  writeFileSync(file, JSON.stringify(content));
  return file;
}

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => quiet };

afterEach(() => {
  delete surfaceRegistry.echo;
  delivered.length = 0;
});

describe("a third chat surface", () => {
  it("is read, checked, summarised, started and delivered to from its registry entry alone", async () => {
    surfaceRegistry.echo = echo;
    const config = {
      teams: [
        { id: "tier1", name: "Tier 1" },
        { id: "tier2", name: "Tier 2" },
      ],
      agents: [{ id: "ada", name: "Ada", teams: ["tier1"], accounts: { echo: "E-ADA" } }],
      echo: { rooms: [{ channel: "R-T1", teamId: "tier1" }] },
    };
    // Its section is checked like the others': a team it names must exist, a bad variable is named.
    expect(() =>
      loadSettings({ HELPDESK_CONFIG: configFile({ ...config, echo: { rooms: [{ channel: "R", teamId: "ghost" }] } }) }),
    ).toThrow(/echo\.rooms\.0\.teamId: unknown team "ghost"/);
    expect(() => loadSettings({ ECHO_TOKEN: "short" })).toThrow(/invalid environment: ECHO_TOKEN: looks too short for a token/);
    expect(startupSummary(loadSettings({}), 0).chat.echo).toEqual({ on: false, why: "ECHO_TOKEN is not set" });

    const db = await freshDatabase();
    await db.close();
    const settings = loadSettings({
      DATABASE_URL: db.url,
      PORT: "0",
      HOST: "127.0.0.1",
      OUTBOX_POLL_MS: "20",
      HELPDESK_CONFIG: configFile(config),
      ECHO_TOKEN: "echo-token-123",
    });
    expect(sharedChatPlaces(settings)).toEqual(['echo: tickets of team "tier2" have no room of their own and go to a shared one']);
    expect(describeStartup(startupSummary(settings, 3000))).toContain("  echo         on: rooms R-T1");

    const svc = await startService(settings, quiet);
    try {
      expect(started).toBe(1);
      expect(await (await fetch(`http://127.0.0.1:${svc.port}/echo/ping`)).text()).toBe("pong");
      expect(await agentByChatUser(svc.deps, "echo", "E-ADA")).toMatchObject({ id: "ada" });
      const ticket = await createTicket(svc.deps, { subject: "Printer on fire", teamId: "tier1" }, { type: "agent", agentId: "ada" });
      const row = await until(() => delivered.find((r) => r.ticketId === ticket.id), "the ticket's row on the echo surface");
      expect(row).toMatchObject({ target: "echo", topic: "ticket.changed" });
    } finally {
      await svc.stop();
    }
  });
});
