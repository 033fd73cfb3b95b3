// The set-up most Discord test files share: one test core and client per file, and a fresh fake
// Discord API (with its record of requests) for every test.
import { afterAll, beforeAll, beforeEach } from "vitest";
import { testCore, type TestCore } from "../../../test/harness.js";
import type { DiscordSettings } from "../config.js";
import { discordTestClient, type DiscordTestClient } from "./client.js";
import { fakeDiscordApi, type FakeDiscordApi } from "./discord-api.js";
import { FORUM } from "./payloads.js";

export interface DiscordSuite {
  t: TestCore;
  d: DiscordTestClient;
  api: FakeDiscordApi;
}

export interface DiscordSuiteOptions {
  /** The core's configuration (the test directory by default). */
  config?: unknown;
  settings?: Partial<DiscordSettings>;
  /** Forum channels the fake API knows (the test forum by default). */
  forums?: string[];
  /** Runs once on the new core, before the client is made. */
  prepare?(t: TestCore): Promise<unknown>;
}

/** Registers the hooks; `use` receives the suite when it is made and again with each test's fresh API. */
export function discordSuite(use: (s: DiscordSuite) => void, opts: DiscordSuiteOptions = {}): void {
  const s = {} as DiscordSuite;
  beforeAll(async () => {
    s.t = opts.config === undefined ? await testCore() : await testCore(opts.config);
    await opts.prepare?.(s.t);
    s.d = discordTestClient(s.t, opts.settings);
    use(s);
  });
  afterAll(async () => {
    await s.d?.destroy();
    await s.t?.close();
    s.api?.done();
  });
  beforeEach(() => {
    s.api?.done();
    s.api = fakeDiscordApi({ forums: opts.forums ?? [FORUM] });
    use(s);
  });
}
