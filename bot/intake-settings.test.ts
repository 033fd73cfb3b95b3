import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { testCore } from "../test/harness.js";
import { intakeLimits, loadSettings } from "./settings.js";
import { targetRegistry } from "./targets.js";

const dir = mkdtempSync(join(tmpdir(), "helpdesk-intake-settings-"));
const file = (content: unknown) => {
  const f = join(dir, `${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(f, JSON.stringify(content));
  return f;
};
const base = { teams: [{ id: "tier1", name: "Tier 1" }], properties: [{ name: "product", label: "Product", type: "text" }] };

describe("intake settings", () => {
  it("reads inboxes and forms from the same config file, with form secrets from the environment", () => {
    const s = loadSettings({
      HELPDESK_CONFIG: file({
        ...base,
        inboxes: [{ address: "Support@Acme.test", name: "Acme", teamId: "tier1" }],
        forms: [
          { id: "contact", secretEnv: "FORM_CONTACT_SECRET", fields: { email: "email", description: "msg", properties: { product: "p" } } },
        ],
      }),
      FORM_CONTACT_SECRET: "shh",
      SMTP_URL: "smtp://mail.internal:25",
    });
    expect(s.email.inboxes).toEqual([{ address: "support@acme.test", name: "Acme", teamId: "tier1", default: false }]);
    expect(s.forms).toMatchObject([{ id: "contact", kind: "signed", secret: "shh" }]);
    expect(s.config.teams.map((t) => t.id)).toEqual(["tier1"]);
    expect(s.env.INTAKE_MAX_BYTES).toBe(25 * 1024 * 1024);
    expect(s.env.ATTACHMENT_MAX_BYTES).toBe(10 * 1024 * 1024);
    expect(loadSettings({ ATTACHMENT_MAX_BYTES: "1048576" }).env.ATTACHMENT_MAX_BYTES).toBe(1048576);
  });

  it("gives each intake route its cap: its own variable, else INTAKE_MAX_BYTES (forms at most 1 MiB)", () => {
    expect(intakeLimits(loadSettings({}).env)).toEqual({
      email: { raw: 25 * 1024 * 1024, postmark: 25 * 1024 * 1024, sendgrid: 25 * 1024 * 1024, mailgun: 25 * 1024 * 1024 },
      forms: 1024 * 1024,
    });
    const env = loadSettings({ INTAKE_MAX_BYTES: "40000000", INTAKE_MAX_BYTES_POSTMARK: "50000000", INTAKE_MAX_BYTES_FORMS: "65536" }).env;
    expect(intakeLimits(env)).toEqual({
      email: { raw: 40000000, postmark: 50000000, sendgrid: 40000000, mailgun: 40000000 },
      forms: 65536,
    });
    // A smaller INTAKE_MAX_BYTES caps forms too.
    expect(intakeLimits(loadSettings({ INTAKE_MAX_BYTES: "4096" }).env).forms).toBe(4096);
    expect(() => loadSettings({ INTAKE_MAX_BYTES_MAILGUN: "lots" })).toThrow(/^invalid environment: INTAKE_MAX_BYTES_MAILGUN: /);
    expect(() => loadSettings({ INTAKE_MAX_BYTES_FORMS: "100" })).toThrow(/INTAKE_MAX_BYTES_FORMS/);
  });

  it("names what is wrong: unknown team, plus-tagged inbox, unset secret, bad SMTP_URL", () => {
    expect(() => loadSettings({ HELPDESK_CONFIG: file({ ...base, inboxes: [{ address: "a@acme.test", teamId: "ghost" }] }) })).toThrow(
      /inboxes\.0\.teamId: unknown team "ghost"/,
    );
    expect(() => loadSettings({ HELPDESK_CONFIG: file({ inboxes: [{ address: "a+x@acme.test" }] }) })).toThrow(
      /inboxes\.0\.address: .*plus-tag/,
    );
    expect(() => loadSettings({ HELPDESK_CONFIG: file({ forms: [{ id: "f", secretEnv: "FORM_F_SECRET" }] }) })).toThrow(
      /forms\.0\.secretEnv: FORM_F_SECRET is not set/,
    );
    expect(() =>
      loadSettings({
        HELPDESK_CONFIG: file({ ...base, forms: [{ id: "f", secretEnv: "S", fields: { properties: { nope: "x" } } }] }),
        S: "x",
      }),
    ).toThrow(/unknown property "nope"/);
    expect(() => loadSettings({ SMTP_URL: "http://x" })).toThrow(/SMTP_URL: must start with smtp:\/\//);
    expect(() => loadSettings({ ATTACHMENT_MAX_BYTES: "-1" })).toThrow(/ATTACHMENT_MAX_BYTES/);
  });

  it("turns the email target on only with SMTP_URL and an inbox to send from", async () => {
    const t = await testCore();
    try {
      const off = targetRegistry.email(loadSettings({}), t.deps);
      expect(off).toEqual({ off: "SMTP_URL is not set" });
      expect(targetRegistry.email(loadSettings({ SMTP_URL: "smtp://127.0.0.1:2525" }), t.deps)).toEqual({
        off: "no inbox in the configuration to send from",
      });
      const on = targetRegistry.email(
        loadSettings({ SMTP_URL: "smtp://127.0.0.1:2525", HELPDESK_CONFIG: file({ inboxes: [{ address: "s@acme.test" }] }) }),
        t.deps,
      );
      expect("target" in on).toBe(true);
    } finally {
      await t.close();
    }
  });
});
