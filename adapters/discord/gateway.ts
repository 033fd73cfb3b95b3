// The gateway client: the least intents the adapter needs, and the listeners that hand
// interactions and ticket-thread messages to their handlers while counting the work in flight.
// @see https://discord.com/developers/docs/events/gateway#gateway-intents
import { Client, Events, GatewayIntentBits, Options, type ClientOptions, type Message, type RESTOptions } from "discord.js";
import { ticketInChannel, type DiscordContext } from "./context.js";
import { handleInteraction } from "./interactions.js";
import { handleOriginMessage } from "./origin-messages.js";
import { handleThreadMessage } from "./thread-messages.js";

/**
 * - Guilds: the server, its channels and its forum posts' threads (to know a message's thread).
 * - GuildMessages: messages typed in a ticket's thread, saved as internal notes.
 * - MessageContent (privileged): the text of those messages; without it Discord sends them empty.
 * Interactions need no intent. GuildMembers and Presence (privileged) are not asked for: the
 * member and roles come with each interaction and message.
 */
export const gatewayIntents = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent] as const;

/** Counts handlers still running, so stop() and tests can wait for them. */
export class WorkInFlight {
  readonly #running = new Set<Promise<unknown>>();
  track(p: Promise<unknown>): void {
    this.#running.add(p);
    void p.finally(() => this.#running.delete(p));
  }
  async idle(): Promise<void> {
    while (this.#running.size) await Promise.allSettled([...this.#running]);
  }
}

export interface DiscordClientOptions {
  /** REST options for interaction answers (tests route requests through fetch for nock; the bench points `api` at a stub). */
  rest?: Partial<RESTOptions> | undefined;
}

/**
 * A message in a ticket's forum post is an agent's note; anywhere else it may be a requester
 * answering in the conversation their ticket came from.
 */
async function routeMessage(ctx: DiscordContext, m: Message<true>): Promise<void> {
  if (m.channel.isThread() && (await ticketInChannel(ctx, m.channelId)) !== null) return handleThreadMessage(ctx, m);
  await handleOriginMessage(ctx, m);
}

/** A client with the adapter's listeners bound; it connects when logged in. */
export function createDiscordClient(ctx: DiscordContext, work: WorkInFlight, opts: DiscordClientOptions = {}): Client {
  const options: ClientOptions = {
    intents: [...gatewayIntents],
    // Nothing posted by the adapter pings; this is the default for anything a handler forgets.
    allowedMentions: { parse: [] },
    // Keep only what the handlers read. Members are kept (bounded) because a thread message's
    // author and roles are read from the member Discord sends with it, which discord.js only
    // exposes through this cache; each message or interaction refreshes the entry it carries.
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      MessageManager: 0,
      PresenceManager: 0,
      ReactionManager: 0,
      GuildMemberManager: { maxSize: 1000, keepOverLimit: (member) => member.id === member.client.user?.id },
    }),
    ...(opts.rest ? { rest: opts.rest } : {}),
  };
  const client = new Client(options);
  client.on(Events.InteractionCreate, (i) => work.track(handleInteraction(ctx, i)));
  client.on(Events.MessageCreate, (m) => {
    if (!m.inGuild() || m.author.bot || m.webhookId || m.system) return;
    // Only a thread or a reply can concern a ticket; the rest of the server's talk is left alone.
    if (!m.channel.isThread() && !m.reference?.messageId) return;
    work.track(
      routeMessage(ctx, m).catch((e: unknown) =>
        ctx.log.error("discord message not saved", { err: e instanceof Error ? e.message : String(e) }),
      ),
    );
  });
  client.on(Events.Error, (e) => ctx.log.error("discord client error", { err: e.message }));
  client.on(Events.Warn, (w) => ctx.log.warn("discord client warning", { warning: w }));
  return client;
}
