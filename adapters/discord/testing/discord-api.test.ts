// The fake Discord API refuses what Discord would, so a test cannot pass with a payload Discord rejects.
import { afterEach, expect, it } from "vitest";
import { discordApi, fakeDiscordApi, type FakeDiscordApi } from "./discord-api.js";

let api: FakeDiscordApi;
afterEach(() => api.done());

const post = (path: string, body: unknown) =>
  fetch(`${discordApi}/api/v10${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

it("refuses a modal over Discord's limits and a message with too many rows or too much text", async () => {
  api = fakeDiscordApi({ forums: [] });
  const label = { type: 18, label: "Text", component: { type: 4, custom_id: "text", style: 1 } };
  expect((await post("/interactions/1/tok/callback", { type: 9, data: { custom_id: "m", title: "T", components: [label] } })).status).toBe(
    204,
  );
  expect(
    (await post("/interactions/2/tok/callback", { type: 9, data: { custom_id: "m", title: "T".repeat(46), components: [label] } })).status,
  ).toBe(400);
  const row = { type: 1, components: [{ type: 2, style: 1, label: "Go", custom_id: "go" }] };
  expect((await post("/channels/5/messages", { content: "ok", components: [row] })).status).toBe(200);
  expect((await post("/channels/5/messages", { content: "x", components: Array(6).fill(row) })).status).toBe(400);
  expect((await post("/channels/5/messages", { content: "x".repeat(2001) })).status).toBe(400);
});
