// Webhooks at start: the config section checked with the rest of the file, secrets read from the
// variables the config names (a missing one stops the start), and what the start-up log says.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { testCore, testConfigInput, type TestCore } from "../test/harness.js";
import { loadSettings, SettingsError } from "./settings.js";
import { describeStartup, startupSummary } from "./startup-summary.js";
import { buildTargets, targetRegistry } from "./targets.js";

const dir = mkdtempSync(join(tmpdir(), "helpdesk-webhook-start-"));
const file = (content: unknown) => {
  const f = join(dir, `${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(f, JSON.stringify(content));
  return f;
};
const webhooks = [
  {
    id: "crm",
    url: "https://crm.example.org/hooks/T0KEN?sig=abc",
    events: ["ticket.created", "sla.breached"],
    secretEnv: "WEBHOOK_CRM_SECRET",
  },
  { id: "old", url: "https://old.example.org/in", events: ["ticket.created"], secret: "0123456789abcdef", enabled: false },
];

let t: TestCore;
beforeAll(async () => {
  t = await testCore({ ...testConfigInput, webhooks });
});
afterAll(() => t.close());
afterEach(() => vi.unstubAllEnvs());

describe("webhooks at start", () => {
  it("refuses a bad webhooks section with the rest of the config file, naming the place", () => {
    const config = file({ webhooks: [{ ...webhooks[0], events: ["ticket.nope"] }] });
    expect(() => loadSettings({ HELPDESK_CONFIG: config })).toThrow(SettingsError);
    expect(() => loadSettings({ HELPDESK_CONFIG: config })).toThrow(/webhooks\.0\.events\.0: /);
    expect(() => loadSettings({ HELPDESK_CONFIG: file({ webhooks: [{ ...webhooks[1], teams: ["ghost"] }] }) })).toThrow(
      /webhooks\.0\.teams: webhook "old": no team "ghost"/,
    );
  });

  it("stops the start when a secret's variable is unset or too short", async () => {
    const settings = loadSettings({ HELPDESK_CONFIG: file({ webhooks }) });
    vi.stubEnv("WEBHOOK_CRM_SECRET", "");
    await expect(buildTargets(settings, t.deps, () => undefined)).rejects.toThrow(
      new SettingsError(`HELPDESK_CONFIG ${settings.configSource}: webhooks.0.secretEnv: WEBHOOK_CRM_SECRET is not set`),
    );
    vi.stubEnv("WEBHOOK_CRM_SECRET", "short");
    await expect(buildTargets(settings, t.deps, () => undefined)).rejects.toThrow(/WEBHOOK_CRM_SECRET is shorter than 16 characters/);
    const call = { do: "call_webhook", url: "https://flow.example.org/in", secretEnv: "FLOW_SECRET" };
    const flows = loadSettings({
      HELPDESK_CONFIG: file({ workflows: [{ id: "flow", name: "Flow", trigger: { on: "ticket_created" }, actions: [call] }] }),
    });
    vi.stubEnv("FLOW_SECRET", "");
    await expect(buildTargets(flows, t.deps, () => undefined)).rejects.toThrow(
      /workflows\.0\.actions\.0\.secretEnv: FLOW_SECRET is not set/,
    );
    vi.stubEnv("FLOW_SECRET", "flow-secret-long-enough");
    expect((await buildTargets(flows, t.deps, () => undefined)).webhook).toBeDefined();
  });

  it("is off without endpoints, and says which endpoints are off or disabled", async () => {
    expect(await targetRegistry.webhook(loadSettings({}), t.deps)).toEqual({
      off: "no webhook endpoint or call_webhook action in the configuration",
    });
    vi.stubEnv("WEBHOOK_CRM_SECRET", "crm-secret-long-enough");
    const at = new Date("2026-01-04T10:00:00.000Z");
    await t.deps.db
      .insertInto("WebhookEndpoint")
      .values({ id: "crm", disabledAt: at, disabledReason: "receiver answered 410 Gone", updatedAt: at })
      .execute();
    const said: string[] = [];
    const targets = await buildTargets(loadSettings({ HELPDESK_CONFIG: file({ webhooks }) }), t.deps, (m) => said.push(m));
    expect(targets.webhook).toBeDefined();
    expect(said.filter((m) => m.startsWith("webhook:"))).toEqual([
      "webhook: endpoint old is off in the configuration",
      "webhook: endpoint crm is disabled since 2026-01-04T10:00:00.000Z (receiver answered 410 Gone); nothing is sent to it until an admin enables it again",
    ]);
  });

  it("lists the endpoints in the start-up summary by host only, and says nothing when there are none", () => {
    const settings = loadSettings({ HELPDESK_CONFIG: file({ webhooks }) });
    const summary = startupSummary(settings, 3000);
    expect(summary.webhooks).toEqual([
      { id: "crm", host: "crm.example.org", events: ["ticket.created", "sla.breached"], on: true },
      { id: "old", host: "old.example.org", events: ["ticket.created"], on: false },
    ]);
    const text = describeStartup(summary);
    expect(text).toContain("  webhooks     crm → crm.example.org (ticket.created, sla.breached); old off in the configuration");
    expect(text).not.toMatch(/T0KEN|sig=abc|0123456789abcdef/);
    expect(describeStartup(startupSummary(loadSettings({}), 3000))).not.toContain("webhooks");
  });
});
