// The `webhooks` section of the config: what it takes, and refusals that name their place.
import { describe, expect, it } from "vitest";
import { HelpdeskConfig } from "../config.js";

const teams = [{ id: "tier1", name: "Tier 1" }];
const endpoint = { id: "crm", url: "https://crm.example.org/hook", events: ["ticket.created"], secretEnv: "WEBHOOK_CRM_SECRET" };
const problems = (webhooks: unknown[]) => {
  const r = HelpdeskConfig.safeParse({ teams, webhooks });
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("webhooks config", () => {
  it("takes endpoints with a secret or the variable holding it; on unless said, for every team unless limited", () => {
    const cfg = HelpdeskConfig.parse({
      teams,
      webhooks: [
        endpoint,
        {
          id: "audit",
          url: "http://10.0.0.5:8080/in",
          events: ["sla.breached", "csat.received"],
          secret: "x".repeat(16),
          teams: ["tier1"],
          enabled: false,
        },
      ],
    });
    expect(cfg.webhooks).toEqual([
      { ...endpoint, enabled: true },
      expect.objectContaining({ id: "audit", enabled: false, teams: ["tier1"] }),
    ]);
    expect(HelpdeskConfig.parse({}).webhooks).toEqual([]);
  });

  it("refuses what cannot work, naming the place", () => {
    expect(problems([{ ...endpoint, url: "ftp://crm.example.org" }])).toEqual([
      expect.stringMatching(/^webhooks\.0\.url: must be an http\(s\) URL/),
    ]);
    expect(problems([{ ...endpoint, url: "https://user:pw@crm.example.org" }])).toEqual([
      "webhooks.0.url: must not carry a user name or password",
    ]);
    expect(problems([{ ...endpoint, events: ["ticket.deleted"] }])).toEqual([expect.stringMatching(/^webhooks\.0\.events\.0: /)]);
    expect(problems([{ ...endpoint, events: [] }])).toEqual(["webhooks.0.events: list at least one event"]);
    expect(problems([{ ...endpoint, secret: "x".repeat(16) }])).toEqual(["webhooks.0.secret: give secret or secretEnv (one of them)"]);
    expect(problems([{ id: "crm", url: endpoint.url, events: endpoint.events }])).toEqual([
      "webhooks.0.secret: give secret or secretEnv (one of them)",
    ]);
    expect(problems([{ ...endpoint, secretEnv: undefined, secret: "short" }])).toEqual(["webhooks.0.secret: use at least 16 characters"]);
    expect(problems([{ ...endpoint, secretEnv: "lower" }])).toEqual([
      expect.stringMatching(/^webhooks\.0\.secretEnv: an environment variable name/),
    ]);
    expect(problems([{ ...endpoint, header: "x" }])).toEqual([expect.stringMatching(/^webhooks\.0: .*header/)]);
    expect(problems([endpoint, { ...endpoint, teams: ["ghost"] }])).toEqual([
      'webhooks.1.id: webhook endpoint id "crm" is used twice',
      'webhooks.1.teams: webhook "crm": no team "ghost"',
    ]);
    expect(problems([{ ...endpoint, id: "workflow" }])).toEqual([
      'webhooks.0.id: webhook endpoint id "workflow" is reserved for workflows\' call_webhook',
    ]);
  });
});
