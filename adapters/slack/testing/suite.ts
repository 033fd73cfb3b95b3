// The set-up most Slack test files share: one test core and Slack app per file, and a fresh
// Slack Web API stand-in (with its record of calls) for every test.
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { testCore, type TestCore } from "../../../test/harness.js";
import { slackTestApp, type SlackTestApp } from "./app.js";
import { fakeSlackApi, type FakeSlackApi } from "./slack-api.js";

export interface SlackSuite {
  t: TestCore;
  s: SlackTestApp;
  api: FakeSlackApi;
}

/** Registers the hooks; `use` receives the suite when it is made and again with each test's fresh API. */
export function slackSuite(
  use: (suite: SlackSuite) => void,
  opts: { config?: unknown; prepare?(t: TestCore): Promise<unknown> } = {},
): void {
  const suite = {} as SlackSuite;
  beforeAll(async () => {
    suite.t = opts.config === undefined ? await testCore() : await testCore(opts.config);
    await opts.prepare?.(suite.t);
    suite.s = slackTestApp(suite.t);
    use(suite);
  });
  afterAll(() => suite.t?.close());
  beforeEach(() => {
    suite.api = fakeSlackApi();
    use(suite);
  });
  afterEach(() => suite.api.done());
}
