// The Discord adapter's public face for bot/: the gateway connection (held by one replica), the
// outbox target, and its settings.
import type { Client, RESTOptions } from "discord.js";
import { randomUUID } from "node:crypto";
import type { DiscordSettings } from "./config.js";
import type { DiscordContext } from "./context.js";
import { createDiscordClient, WorkInFlight } from "./gateway.js";
import { discordRest } from "./rest.js";
import { discordDeliveryTarget } from "./target.js";
import { type AttachmentUrl, type CoreDeps, type DeliveryTarget, type Logger, SingleHolderLease } from "../../core/index.js";

export { DiscordConfig, DiscordEnv, discordSettings, type DiscordSettings, type DiscordForum } from "./config.js";

/** The lease naming the replica that holds the gateway session. */
export const gatewayLeaseName = "discord:gateway";

export interface DiscordAdapterOptions {
  deps: CoreDeps;
  log: Logger;
  settings: DiscordSettings;
  /** REST options for the client and the target (tests, the bench), over `settings.apiUrl`. */
  rest?: Partial<RESTOptions> | undefined;
  /**
   * Keep the gateway session on one replica through the `discord:gateway` lease (default true):
   * two sessions of one bot would each receive, and handle, every interaction.
   */
  singleHolder?: boolean | undefined;
  /** The lease's lifetime and renewal interval; `settings.gatewayLeaseMs` and a third of it by default. */
  leaseTtlMs?: number | undefined;
  leaseRenewMs?: number | undefined;
  /** Opens the gateway session; `client.login(token)` unless a test stands in for the gateway. */
  login?: ((client: Client, token: string) => Promise<unknown>) | undefined;
}

export interface DiscordAdapter {
  /** The `discord` delivery target for the outbox dispatcher (every replica delivers). */
  target: DeliveryTarget;
  /** Takes the gateway lease (or waits for it) and logs in. */
  start(): Promise<void>;
  /** Logs out, hands the lease on, and waits for handlers still working. */
  stop(): Promise<void>;
  /** The connected client, while this replica holds the session. */
  client(): Client | null;
  /** Waits for handlers still working. */
  idle(): Promise<void>;
}

export function contextFor(deps: CoreDeps, log: Logger, settings: DiscordSettings): DiscordContext {
  return {
    deps,
    log,
    guildId: settings.guildId,
    agentRoleId: settings.agentRoleId,
    forums: settings.forums,
    publicUrl: settings.publicUrl,
    panel: settings.panel,
  };
}

/**
 * The Discord adapter.
 * @see https://discord.com/developers/docs/events/gateway
 */
export function createDiscordAdapter(opts: DiscordAdapterOptions): DiscordAdapter {
  const log = opts.log.child({ component: "discord" });
  const ctx = contextFor(opts.deps, log, opts.settings);
  const work = new WorkInFlight();
  let current: Client | null = null;

  const rest = restOptions(opts.settings, opts.rest);
  const connect = async () => {
    const client = createDiscordClient(ctx, work, { rest });
    client.once("clientReady", (c) => log.info("discord gateway ready", { bot: c.user.tag, guilds: c.guilds.cache.size }));
    // Discord ended the session for good (discord.js does not resume it): start a new one.
    client.once(
      "invalidated",
      () =>
        void (lease ? lease.lost() : disconnect().then(connect)).catch((e: unknown) =>
          log.error("discord gateway did not reopen", { err: String(e) }),
        ),
    );
    current = client;
    try {
      await (opts.login ? opts.login(client, opts.settings.token) : client.login(opts.settings.token));
    } catch (e) {
      current = null;
      await client.destroy();
      throw new Error(loginProblem(e), { cause: e });
    }
  };
  const disconnect = async () => {
    const client = current;
    current = null;
    await client?.destroy();
  };
  const leaseTtlMs = opts.leaseTtlMs ?? opts.settings.gatewayLeaseMs;
  const lease =
    opts.singleHolder === false
      ? null
      : new SingleHolderLease({
          deps: opts.deps,
          log,
          name: gatewayLeaseName,
          label: "discord gateway",
          workerId: `discord-${randomUUID().slice(0, 8)}`,
          connect,
          disconnect,
          ttlMs: leaseTtlMs,
          // A third of the lease: two renewals may fail before a standby can take it.
          renewMs: opts.leaseRenewMs ?? (leaseTtlMs === undefined ? undefined : Math.round(leaseTtlMs / 3)),
        });
  return {
    target: createDiscordTarget(opts.deps, opts.settings, opts.rest),
    start: () => (lease ? lease.start() : connect()),
    async stop() {
      if (lease) await lease.stop();
      else await disconnect();
      await work.idle();
    },
    client: () => current,
    idle: () => work.idle(),
  };
}

/**
 * The `discord` delivery target alone, for the target registry. `attachmentUrl` links the
 * attachments listed in forum posts (names and sizes only without it).
 */
export function createDiscordTarget(
  deps: CoreDeps,
  settings: DiscordSettings,
  rest?: Partial<RESTOptions>,
  attachmentUrl?: AttachmentUrl,
): DeliveryTarget {
  return discordDeliveryTarget({
    deps,
    rest: discordRest(settings.token, restOptions(settings, rest)),
    forums: settings.forums,
    guildId: settings.guildId,
    attachmentUrl,
  });
}

/** REST options with the configured base (DISCORD_API_URL) under what the caller gives. */
function restOptions(settings: DiscordSettings, rest: Partial<RESTOptions> | undefined): Partial<RESTOptions> | undefined {
  return settings.apiUrl ? { api: settings.apiUrl, ...rest } : rest;
}

/** What to tell the admin when the gateway refuses the bot: the usual causes name their fix. */
export function loginProblem(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  const code = (e as { code?: unknown } | null)?.code;
  if (code === "TokenInvalid" || /invalid token/i.test(msg))
    return "DISCORD_TOKEN was refused by Discord: reset the bot token (Developer Portal → Bot → Reset Token) and set the new one";
  if (code === 4014 || /disallowed intents/i.test(msg)) {
    return "Discord refused the Message Content intent: turn on Developer Portal → Bot → Privileged Gateway Intents → Message Content Intent (needed to save what agents write in a ticket's post)";
  }
  return `Discord login failed: ${msg}`;
}
