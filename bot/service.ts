import { workflowsAtStart } from "../core/workflows/workflow-config.js";
import type { AddressInfo } from "node:net";
import type { RESTOptions } from "discord.js";
import { serve, type ServerType } from "@hono/node-server";
import { emailWebhookRoutes } from "../adapters/email/routes.js";
import { emailProviders } from "../adapters/email/providers/types.js";
import { formWebhookRoutes } from "../adapters/forms/routes.js";
import { syncDirectory } from "../core/agents/sync-directory.js";
import type { CoreDeps } from "../core/deps.js";
import type { Logger } from "../core/log.js";
import { OutboxDispatcher } from "../core/outbox/dispatcher.js";
import { QuietGate } from "../core/quiet-gate.js";
import { purgeBatch, purgeExpiredKeys } from "../core/keys/remember-key.js";
import { openDatabase, parseDatabaseUrl } from "./db/connect.js";
import { openSqliteReportPool } from "./db/sqlite-report-pool.js";
import { listenForWork, notifyWork, workChannel, type WorkListener } from "./db/work-notify.js";
import { coreJobs } from "../core/jobs/core-jobs.js";
import { createApp, type ServerState } from "./server.js";
import { describeStartup, startupSummary } from "./startup-summary.js";
import { catalogFor, emailSecrets, intakeLimits, sharedChatPlaces, type Settings } from "./settings.js";
import { buildTargets } from "./targets.js";
import { configuredSurfaces, type RunningSurface } from "./surfaces.js";
import { runChatBackfill } from "./chat-backfill.js";
import { attachmentLinksFor } from "./attachment-links.js";
import { attachmentRoutes } from "./attachment-route.js";
import { webRoutes } from "../adapters/web/index.js";
import { apiRoutes } from "../adapters/api/index.js";
import { purgeRateCounters } from "../core/rate-limit/purge-rate-counters.js";
import { purgeIdempotencyRecords } from "../core/idempotency/finish-request.js";

/** How often expired replay and dedupe keys are cleared. */
const keyPurgeIntervalMs = 10 * 60_000;

export interface RunningService {
  port: number;
  deps: CoreDeps;
  /** Stops taking work, finishes what is in flight (up to the grace period), closes the database. */
  stop(): Promise<void>;
}

/** What tests change about how the service reaches outside systems. */
export interface ServiceOptions {
  /** REST options for Discord (tests route its requests through fetch, where nock answers them). */
  discordRest?: Partial<RESTOptions> | undefined;
}

export async function startService(settings: Settings, log: Logger, options: ServiceOptions = {}): Promise<RunningService> {
  const { env, config } = settings;
  const target = parseDatabaseUrl(env.DATABASE_URL);
  const database = await openDatabase(target, { poolSize: env.DATABASE_POOL_SIZE, synchronous: env.SQLITE_SYNCHRONOUS });
  log.info("database ready", {
    provider: target.provider,
    migrationsApplied: database.migrationsApplied,
  });
  // SQLite's one connection would run a KPI read's statements in turn on the main thread: reports
  // read through connections of their own in worker threads. PostgreSQL's pool already runs them side by side.
  const reports = target.provider === "sqlite" ? openSqliteReportPool(target.file) : null;
  // Work a transaction commits wakes this replica's worker at once, and (PostgreSQL) the others.
  let wakeWorker = (): void => undefined;
  const channel = target.provider === "postgresql" ? workChannel(target.schema) : null;
  const deps: CoreDeps = {
    db: database.db,
    reports: reports?.db,
    reportStreams: reports !== null,
    catalog: catalogFor(settings),
    now: () => new Date(),
    work: {
      committed: () => wakeWorker(),
      ...(channel ? { written: (tx) => notifyWork(tx, channel) } : {}),
    },
  };
  await syncDirectory(deps, config);
  for (const warning of sharedChatPlaces(settings)) log.warn(warning);
  log.info("configuration loaded", {
    source: settings.configSource,
    pipelines: config.pipelines.map((p) => p.id),
    teams: config.teams.length,
    agents: config.agents.length,
  });
  const workflows = workflowsAtStart(config.workflows);
  log.info("workflows", workflows);

  const targets = await buildTargets(settings, deps, (msg) => log.info(msg), options);
  // Background work (what Slack listeners do after their acks, outbox deliveries) waits for a pause
  // in incoming requests, so that a burst of them is answered first (QuietGate).
  const gate = new QuietGate();
  const dispatcher = new OutboxDispatcher({
    deps,
    gate,
    targets,
    jobs: coreJobs,
    skipLocked: target.provider === "postgresql",
    log: log.child({ component: "outbox" }),
    pollMs: env.OUTBOX_POLL_MS,
    maxAttempts: env.OUTBOX_MAX_ATTEMPTS,
    concurrency: env.OUTBOX_CONCURRENCY,
    // A send that hangs does not hold shutdown up past the grace the service is given.
    stopGraceMs: env.SHUTDOWN_GRACE_MS,
  });
  const state: ServerState = { draining: false, inFlight: 0 };
  const app = createApp({ db: database.db, log, state, gate });
  mountIntake(app, settings, deps, log);
  // Attachment links in chat threads open here; without a secret and PUBLIC_URL there are none.
  const attachmentLinks = attachmentLinksFor(settings);
  if (attachmentLinks) app.route("/attachments", attachmentRoutes({ deps, links: attachmentLinks }));
  // The dashboard and its sign-in (and the survey pages) need the address browsers reach us at.
  const publicUrl = settings.env.PUBLIC_URL;
  if (publicUrl)
    app.route(
      "/",
      webRoutes({ deps, log, publicUrl, surveySecret: env.SURVEY_LINK_SECRET, secureCookies: publicUrl.startsWith("https:") }),
    );
  // The REST API: bearer tokens made with `npm run api:token` or from chat; without one it answers 401.
  app.route("/api/v1", apiRoutes({ deps, log: log.child({ component: "api" }), rateLimitPerMinute: env.API_RATE_LIMIT }));
  // The chat surfaces that are on (surfaces.ts), in the registry's order: routes mounted now,
  // connections opened once the server listens.
  const surfaces: RunningSurface[] = [];
  for (const { surface } of configuredSurfaces(settings)) {
    if ("off" in surface) continue;
    const running = (await surface.load()).adapter({ deps, log, options, gate });
    running.route?.(app);
    surfaces.push(running);
  }
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: env.HOST, port: env.PORT }, () => resolve(s));
  });
  const port = (server.address() as AddressInfo).port;
  wakeWorker = () => dispatcher.wake();
  dispatcher.start();
  const listener: WorkListener | null =
    target.provider === "postgresql" && channel
      ? await listenForWork(target.url, channel, () => dispatcher.wake(), log.child({ component: "outbox" }))
      : null;
  // Replay and dedupe keys are asked about again only while they are fresh, so expired ones would
  // stay for ever: clear them at start and every few minutes (in batches; any replica may).
  const purgeKeys = async () => {
    try {
      while ((await purgeExpiredKeys(deps.db, deps.now())) === purgeBatch && !state.draining);
      // The API's rate counters and idempotency records expire the same way.
      while ((await purgeRateCounters(deps.db, deps.now(), purgeBatch)) === purgeBatch && !state.draining);
      while ((await purgeIdempotencyRecords(deps.db, deps.now(), purgeBatch)) === purgeBatch && !state.draining);
    } catch (e) {
      log.warn("expired keys not purged", { err: String(e) });
    }
  };
  const purging = setInterval(() => void purgeKeys(), keyPurgeIntervalMs);
  purging.unref();
  const firstPurge = purgeKeys();
  // Cards for open tickets a newly configured surface, channel or forum never showed; in the
  // background (it may take a while), and stopped between batches on shutdown.
  const backfill = new AbortController();
  const backfilling = runChatBackfill(deps, settings, log.child({ component: "backfill" }), backfill.signal).catch((e: unknown) =>
    log.error("chat backfill failed", { err: String(e) }),
  );
  // Sockets and gateway sessions connect in the background (the replica holding a surface's
  // lease keeps its connection); Slack in HTTP mode has nothing to do here.
  for (const s of surfaces) s.start().catch((e: unknown) => log.error(s.startFailed, { err: String(e) }));
  // One block saying what this replica has on and what is off (and why), secrets left out.
  const summary = startupSummary(settings, port);
  log.info("start-up summary", { summary, text: describeStartup(summary) });
  log.info("listening", { host: env.HOST, port });

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      state.draining = true;
      log.info("shutting down: no new work, finishing what is in flight", { inFlight: state.inFlight });
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      if ("closeIdleConnections" in server) server.closeIdleConnections();
      const deadline = Date.now() + env.SHUTDOWN_GRACE_MS;
      while (state.inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      if ("closeAllConnections" in server) server.closeAllConnections();
      await closed;
      // No request comes any more: nothing waits for a pause in them.
      gate.open();
      // Work Slack acknowledged before the server closed still finishes.
      for (const s of surfaces) await s.stop();
      clearInterval(purging);
      await firstPurge;
      backfill.abort();
      await backfilling;
      await listener?.close();
      await dispatcher.stop();
      await reports?.close();
      await database.close();
      log.info("stopped");
    })());
  return { port, deps, stop };
}

/** The intake webhooks: /webhooks/email/:provider and /webhooks/forms/:formId. */
function mountIntake(app: ReturnType<typeof createApp>, settings: Settings, deps: CoreDeps, log: Logger): void {
  const { env } = settings;
  const secrets = emailSecrets(env);
  const limits = intakeLimits(env);
  app.route(
    "/webhooks/email",
    emailWebhookRoutes({
      deps,
      log: log.child({ component: "email-intake" }),
      inboxes: settings.email.inboxes,
      secrets,
      maxBytes: limits.email,
      attachmentMaxBytes: env.ATTACHMENT_MAX_BYTES,
    }),
  );
  app.route(
    "/webhooks/forms",
    formWebhookRoutes({ deps, log: log.child({ component: "form-intake" }), forms: settings.forms, maxBytes: limits.forms }),
  );
  log.info("intake ready", {
    emailProviders: emailProviders.filter((p) => secrets[p]),
    inboxes: settings.email.inboxes.map((i) => i.address),
    forms: settings.forms.map((f) => f.id),
  });
}
