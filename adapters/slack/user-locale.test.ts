// How long a Slack user's client language is remembered: an answer for the hour, a failed ask
// only for a few minutes, so an outage or a scope added later does not leave the default for long.
import type { WebClient } from "@slack/web-api";
import { describe, expect, it } from "vitest";
import { buildCatalog, HelpdeskConfig, silentLogger } from "../../core/index.js";
import { SlackLocales } from "./user-locale.js";

function fakeClient(answers: (() => Promise<unknown>)[]) {
  const asked: string[] = [];
  const client = {
    users: {
      info: (args: { user: string }) => {
        asked.push(args.user);
        return (answers.shift() ?? (() => Promise.resolve({ ok: true, user: { locale: "en-US" } })))();
      },
    },
  } as unknown as WebClient;
  return { client, asked };
}

describe("SlackLocales", () => {
  const catalog = buildCatalog(HelpdeskConfig.parse({}));

  it("asks again after a few minutes when asking failed, and keeps an answer for the hour", async () => {
    let now = 0;
    const locales = new SlackLocales({ catalog, log: silentLogger, now: () => now });
    const { client, asked } = fakeClient([
      () => Promise.reject(new Error("ratelimited")),
      () => Promise.resolve({ ok: true, user: { locale: "ja-JP" } }),
    ]);
    await locales.learn(client, "U1");
    expect(locales.known("U1")).toBeUndefined();
    now += 4 * 60_000;
    await locales.learn(client, "U1");
    expect(asked).toHaveLength(1);
    now += 2 * 60_000;
    await locales.learn(client, "U1");
    expect(asked).toHaveLength(2);
    expect(locales.known("U1")).toBe("ja-JP");
    now += 50 * 60_000;
    await locales.learn(client, "U1");
    expect(asked).toHaveLength(2);
  });
});
