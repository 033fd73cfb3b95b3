// The real discord.js client with the adapter's listeners, fed raw gateway payloads instead of a
// socket; REST (interaction answers, deliveries) goes through fetch to a nock-answered fake API.
import type { Client } from "discord.js";
import { silentLogger, type Logger } from "../../../core/index.js";
import { createTicket } from "../../../core/index.js";
import { OutboxDispatcher } from "../../../core/index.js";
import type { TestCore } from "../../../test/harness.js";
import type { DiscordSettings } from "../config.js";
import { createDiscordClient, WorkInFlight } from "../gateway.js";
import { contextFor, createDiscordTarget } from "../index.js";
import type { DiscordContext } from "../context.js";
import { makeRequest, testRest } from "./discord-api.js";
import { APP, FORUM, GUILD, guildCreate, rawMessage, thread } from "./payloads.js";

export const testToken = "MTAwMDAwMDAwMDAwMDAwMDAw.Gabcde.test-token-not-real";

export interface DiscordTestClient {
  client: Client;
  ctx: DiscordContext;
  dispatcher: OutboxDispatcher;
  settings: DiscordSettings;
  /** Feeds an INTERACTION_CREATE payload to the client and waits for its handler to finish. */
  interact(raw: { id: string }): Promise<void>;
  /** Feeds a MESSAGE_CREATE payload and waits for its handler. */
  message(raw: object): Promise<void>;
  /** THREAD_CREATE: the client learns of a forum post's thread (as the gateway tells it after the bot posts one); `type` 12 for a private thread. */
  addThread(id: string, parentId?: string, type?: 11 | 12): void;
  /** Runs the outbox until it is empty (forum posts, card edits, thread mirrors). */
  drain(): Promise<void>;
  /**
   * A ticket (opened by Ada, with a customer message) whose forum post the outbox has made and the
   * client knows of; `where` and `card` place an interaction in the post and on its card.
   */
  postedTicket(subject: string, opts?: { teamId?: string | null }): Promise<PostedTicket>;
  /** Runs `fn` with the handlers' logger recording what they warn and report. */
  logged(fn: () => Promise<void>): Promise<{ warn: string[]; error: string[] }>;
  destroy(): Promise<void>;
}

export interface PostedTicket {
  id: number;
  thread: string;
  where: { channelId: string; parentId: string };
  card: ReturnType<typeof rawMessage>;
}

export function discordTestClient(t: TestCore, extra: Partial<DiscordSettings> = {}): DiscordTestClient {
  const settings: DiscordSettings = { token: testToken, applicationId: APP, guildId: GUILD, forums: [{ channel: FORUM }], ...extra };
  const ctx = contextFor(t.deps, silentLogger, settings);
  const work = new WorkInFlight();
  const client = createDiscordClient(ctx, work, { rest: { makeRequest } });
  client.rest.setToken(testToken);
  // What GUILD_CREATE does on connect: the server, its channels and roles into the caches.
  (client.guilds as unknown as { _add(d: unknown): unknown })._add(guildCreate());
  const actions = (client as unknown as { actions: Record<string, { handle(d: unknown): unknown }> }).actions;
  const dispatcher = new OutboxDispatcher({
    deps: t.deps,
    targets: { discord: createDiscordTarget(t.deps, settings, testRest) },
    log: silentLogger,
    backoffBaseMs: 1,
  });
  return {
    client,
    ctx,
    dispatcher,
    settings,
    async interact(raw) {
      actions.InteractionCreate!.handle(raw);
      await work.idle();
    },
    async message(raw) {
      actions.MessageCreate!.handle(raw);
      await work.idle();
    },
    addThread(id, parentId = FORUM, type = 11) {
      actions.ThreadCreate!.handle({ ...thread(id, parentId), type });
    },
    async drain() {
      for (let i = 0; i < 10; i++) {
        if (!(await t.prisma.outbox.count({ where: { status: "pending" } }))) return;
        await dispatcher.runOnce();
      }
    },
    async postedTicket(subject, opts = {}) {
      const ticket = await createTicket(
        t.deps,
        { subject, text: "It broke.", requester: { email: "c@customer.test" }, teamId: opts.teamId ?? null },
        { type: "agent", agentId: "ada" },
      );
      await this.drain();
      const link = await t.prisma.chatLink.findFirstOrThrow({ where: { ticketId: ticket.id, surface: "discord", role: "card" } });
      const thread = link.threadId!;
      this.addThread(thread);
      return { id: ticket.id, thread, where: { channelId: thread, parentId: FORUM }, card: rawMessage(thread, { id: thread }) };
    },
    async logged(fn) {
      const seen = { warn: [] as string[], error: [] as string[] };
      const log: Logger = {
        ...silentLogger,
        warn: (msg) => void seen.warn.push(msg),
        error: (msg) => void seen.error.push(msg),
        child: () => log,
      };
      const was = ctx.log;
      ctx.log = log;
      try {
        await fn();
      } finally {
        ctx.log = was;
      }
      return seen;
    },
    async destroy() {
      await work.idle();
      await client.destroy();
    },
  };
}
