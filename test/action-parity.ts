// The action-parity contract every chat surface runs: it walks the core's action catalogue and,
// for each action, asks the surface to perform it the way an agent would (signed requests,
// interactions), then checks the effect in the database. An action the surface cannot reach
// fails by name. The contract runs once per language, with Ada's locale set to it: everything
// she is shown (answers, the modals that open) must be in that language.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actionNames, type ActionName } from "../core/actions/catalog.js";
import { claimTicket } from "../core/tickets/claim-ticket.js";
import { commentOnTicket } from "../core/tickets/comment-on-ticket.js";
import { createTicket } from "../core/tickets/create-ticket.js";
import { deleteTicket } from "../core/tickets/delete-ticket.js";
import { followTicket } from "../core/tickets/follow-ticket.js";
import { setAway } from "../core/assignment/set-away.js";
import { locales, type Locale } from "../core/i18n/locale.js";
import { testConfigInput, testCore, type TestCore } from "./harness.js";

/** The test directory with chat ids for the agents the parity suite acts as and names; Ada reads `locale`. */
export const parityConfig = (locale: Locale = "en") => ({
  ...testConfigInput,
  agents: testConfigInput.agents.map((a) =>
    a.id === "ada"
      ? { ...a, slackUserId: "U0ADA", discordUserId: "100000000000000000", locale }
      : a.id === "cy"
        ? { ...a, slackUserId: "U0CY", discordUserId: "100000000000000002" }
        : a,
  ),
});

/** Kana or kanji: text written in Japanese. */
const japanese = /[\u3040-\u30ff\u4e00-\u9fff]/;

/**
 * What the test directory names in English only (pipelines, statuses, teams, properties, agents)
 * and what people wrote in the fixture: a Japanese reader sees these as they were written.
 */
const writtenAsIs = [
  ...testConfigInput.pipelines.flatMap((p) => [p.name, ...p.statuses.map((s) => s.name)]),
  ...testConfigInput.teams.map((t) => t.name),
  ...testConfigInput.properties.flatMap((p) => [p.label, ...(p.options ?? [])]),
  ...testConfigInput.agents.map((a) => a.name),
  "The customer's request",
  "A note to split off",
];

/**
 * English sentences or phrases (three words or more) in what a Japanese reader was shown, once the
 * names and texts written as they are stand as one word ("X"), and code, links and addresses are
 * taken out.
 */
export function englishProse(shown: string, f: Pick<ParityFixture, "subject">): string[] {
  let text = shown;
  for (const s of [f.subject, ...writtenAsIs].sort((a, b) => b.length - a.length)) text = text.split(s).join("X");
  // Other fixtures' tickets (in a queue or a search) by their subjects.
  text = text.replace(/Parity [\w-]+ \w+/g, "X");
  text = text
    .replace(/`[^`]*`/g, " | ")
    .replace(/https?:\/\/\S+/g, " | ")
    .replace(/\S+@\S+/g, " | ");
  return [...text.matchAll(/[A-Za-z][a-z’']+(?: [A-Za-z][a-z’']*){2,}/g)].map((m) => m[0]);
}

/** What each action is performed on. The actor is always Ada (an admin, so every action is allowed). */
export interface ParityFixture {
  ticketId: number;
  /** A second ticket (merge folds it into the first). */
  otherTicketId: number;
  /** The ticket's note, which split moves to a new ticket. */
  noteId: string;
  subject: string;
}

/**
 * How a surface performs an action. It returns everything the agent was shown (answers, the modal
 * that opened), so the suite can check the ticket is in it and the language it is in.
 */
export type PerformAction = (f: ParityFixture) => Promise<string | void>;

export interface ParitySurface {
  /** Called once with the test core; returns the surface's way to do each action it supports. */
  setup(t: TestCore): Promise<Partial<Record<ActionName, PerformAction>>>;
  teardown?(): Promise<void>;
}

interface Expectation {
  /** State the action needs first, made through the core. */
  prepare?(t: TestCore, f: ParityFixture): Promise<unknown>;
  check(t: TestCore, f: ParityFixture, shown: string | void): Promise<void>;
}

const ada = { type: "agent", agentId: "ada" } as const;
const row = (t: TestCore, id: number) => t.prisma.ticket.findUniqueOrThrow({ where: { id } });
const shows = async (_t: TestCore, f: ParityFixture, shown: string | void) => expect(shown ?? "").toContain(`#${f.ticketId}`);

/** Each action's effect, checked the same way for every surface. */
export const parityExpectations = {
  create: { check: async (t) => expect(await t.prisma.ticket.count({ where: { subject: "Parity created" } })).toBe(1) },
  find: { check: shows },
  show: { check: async (_t, f, shown) => expect(shown ?? "").toContain(f.subject) },
  queue: { check: shows },
  claim: { check: async (t, f) => expect((await row(t, f.ticketId)).ownerId).toBe("ada") },
  release: {
    prepare: (t, f) => claimTicket(t.deps, { ticketId: f.ticketId }, ada),
    check: async (t, f) => expect((await row(t, f.ticketId)).ownerId).toBeNull(),
  },
  assign: { check: async (t, f) => expect((await row(t, f.ticketId)).ownerId).toBe("cy") },
  reply: {
    check: async (t, f) =>
      expect(await t.prisma.message.count({ where: { ticketId: f.ticketId, kind: "REPLY", text: "Parity reply" } })).toBe(1),
  },
  comment: {
    check: async (t, f) =>
      expect(await t.prisma.message.count({ where: { ticketId: f.ticketId, kind: "COMMENT", text: "Parity note" } })).toBe(1),
  },
  change_status: { check: async (t, f) => expect((await row(t, f.ticketId)).statusId).toBe("in_progress") },
  update_properties: { check: async (t, f) => expect((await row(t, f.ticketId)).priority).toBe("high") },
  split: {
    check: async (t, f) => {
      const created = await t.prisma.ticket.findFirstOrThrow({ where: { splitFromId: f.ticketId } });
      expect((await t.prisma.message.findUniqueOrThrow({ where: { id: f.noteId } })).ticketId).toBe(created.id);
    },
  },
  merge: { check: async (t, f) => expect((await row(t, f.otherTicketId)).mergedIntoId).toBe(f.ticketId) },
  move: { check: async (t, f) => expect((await row(t, f.ticketId)).pipelineId).toBe("billing") },
  delete: { check: async (t, f) => expect((await row(t, f.ticketId)).deletedAt).not.toBeNull() },
  restore: {
    prepare: (t, f) => deleteTicket(t.deps, { ticketId: f.ticketId }, ada),
    check: async (t, f) => expect((await row(t, f.ticketId)).deletedAt).toBeNull(),
  },
  follow: { check: async (t, f) => expect(await t.prisma.follower.count({ where: { ticketId: f.ticketId, agentId: "ada" } })).toBe(1) },
  unfollow: {
    prepare: (t, f) => followTicket(t.deps, { ticketId: f.ticketId }, ada),
    check: async (t, f) => expect(await t.prisma.follower.count({ where: { ticketId: f.ticketId, agentId: "ada" } })).toBe(0),
  },
  away: { check: async (t) => expect((await t.prisma.agent.findUniqueOrThrow({ where: { id: "ada" } })).away).toBe(true) },
  // The shipped examples (off) are listed to the admin.
  workflows: { check: async (_t, _f, shown) => expect(shown ?? "").toContain("escalate-stale-new") },
  dashboard: {
    // A sign-in link was issued to her (stored as its hash, with her id).
    check: async (t) =>
      expect(
        await t.deps.db
          .selectFrom("ExpiringKey")
          .select("key")
          .where("namespace", "=", "sign-in-link")
          .where("value", "=", "ada")
          .execute(),
      ).toHaveLength(1),
  },
  token: {
    // A read-only token acting as Cy, made by her admin; its secret shown (only) to Ada.
    check: async (t, _f, shown) => {
      const made = await t.prisma.apiToken.findFirstOrThrow({ where: { name: { startsWith: "parity-" }, createdBy: "ada" } });
      expect(made).toMatchObject({ agentId: "cy", scope: "read" });
      expect(shown ?? "").toMatch(/```hdk_[A-Za-z0-9_-]{43}```/);
      await t.prisma.apiToken.deleteMany({ where: { id: made.id } });
    },
  },
  stats: {
    // Today's figures, the tickets made so far among them: "N tickets" or "N 件".
    check: async (t, _f, shown) => {
      const created = await t.prisma.ticket.count({ where: { deletedAt: null, mergedIntoId: null, quarantined: false } });
      expect(shown ?? "").toMatch(/Help desk KPIs|ヘルプデスクの KPI/);
      expect(shown ?? "").toMatch(new RegExp(`[^0-9]${created} (tickets|件)`));
    },
  },
  back: {
    prepare: (t) => setAway(t.deps, { away: true }, ada),
    check: async (t) => expect((await t.prisma.agent.findUniqueOrThrow({ where: { id: "ada" } })).away).toBe(false),
  },
} satisfies Record<ActionName, Expectation>;

/** Runs the contract for one surface. */
export function runActionParity(surfaceName: string, surface: ParitySurface): void {
  for (const locale of locales) parityIn(surfaceName, surface, locale);
}

function parityIn(surfaceName: string, surface: ParitySurface, locale: Locale): void {
  describe(`${surfaceName} reaches every catalogue action, for an agent reading ${locale}`, () => {
    let t: TestCore;
    let perform: Partial<Record<ActionName, PerformAction>>;
    beforeAll(async () => {
      t = await testCore(parityConfig(locale));
      perform = await surface.setup(t);
    });
    afterAll(async () => {
      await surface.teardown?.();
      await t.close();
    });

    // Walks the catalogue, not the surface's list: an action nobody wired fails here by name.
    for (const action of actionNames) {
      it(action, async () => {
        const run = perform[action];
        expect(run, `${surfaceName} cannot reach "${action}"`).toBeTypeOf("function");
        const subject = `Parity ${action} ${Math.random().toString(36).slice(2, 8)}`;
        const ticketId = (
          await createTicket(t.deps, { subject, text: "The customer's request", requester: { email: "parity@customer.test" } }, ada)
        ).id;
        const otherTicketId = (
          await createTicket(t.deps, { subject: `${subject} (other)`, requester: { email: "parity@customer.test" } }, ada)
        ).id;
        const noteId = (await commentOnTicket(t.deps, { ticketId, text: "A note to split off" }, ada)).messageId;
        const f: ParityFixture = { ticketId, otherTicketId, noteId, subject };
        const expectation: Expectation = parityExpectations[action];
        await expectation.prepare?.(t, f);
        const shown = await run!(f);
        await expectation.check(t, f, shown);
        expect(shown, `${surfaceName} showed nothing for "${action}"`).toBeTruthy();
        if (locale === "ja") {
          expect(shown, `"${action}" was not shown in Japanese`).toMatch(japanese);
          expect(englishProse(String(shown), f), `"${action}" showed English prose to a Japanese reader`).toEqual([]);
        } else expect(shown, `"${action}" showed Japanese to an English reader`).not.toMatch(japanese);
      });
    }
  });
}
