// The fake Discord REST API (fake-discord-rest.ts) answered by nock, for tests that drive the
// client in-process: every request to https://discord.com/api/v10 is recorded and answered there.
import nock from "nock";
import type { RESTOptions } from "discord.js";
import { fakeDiscordRest, type FakeDiscordRestView, type Tag } from "./fake-discord-rest.js";
import { snowflake } from "./payloads.js";

export const discordApi = "https://discord.com";

/** Global fetch, so nock sees the requests (its Response type differs only on paper from discord.js's ResponseLike). */
export const makeRequest = ((url: string, init: RequestInit) => fetch(url, init)) as unknown as RESTOptions["makeRequest"];

/**
 * REST options for tests: requests through fetch (for nock), and no client-side global cap.
 * discord.js holds a client to Discord's 50 requests a second and, as the target asks, rejects
 * what would exceed it; a test drains far faster than that.
 */
export const testRest: Partial<RESTOptions> = { makeRequest, globalRequestsPerSecond: 1_000_000 };

export type { DiscordCall } from "./fake-discord-rest.js";

export interface FakeDiscordApi extends FakeDiscordRestView {
  /** Stops answering and lets the network through again. */
  done(): void;
}

export { snowflake };

/** Intercepts https://discord.com/api/v10/*; call done() after the tests. `forums` are known forum channels. */
export function fakeDiscordApi(opts: { forums: string[]; tags?: Tag[] }): FakeDiscordApi {
  const rest = fakeDiscordRest(opts);
  nock.disableNetConnect();
  for (const method of ["GET", "POST", "PATCH", "PUT", "DELETE"]) {
    nock(discordApi)
      .persist()
      .intercept(/^\/api\/v10\//, method)
      .reply(function (uri, raw) {
        const body = (typeof raw === "string" && /^[{[]/.test(raw) ? JSON.parse(raw) : (raw ?? {})) as Record<string, unknown>;
        const [status, out, headers] = rest.answer(method, uri, body);
        return [status, out as nock.Body, headers];
      });
  }

  const { answer: _answer, threads: _threads, ...view } = rest;
  return {
    ...view,
    done: () => {
      nock.cleanAll();
      nock.enableNetConnect();
    },
  };
}
