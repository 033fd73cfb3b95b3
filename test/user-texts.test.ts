// No sentence an agent or a customer reads is written outside the catalogues (core/i18n): the
// source of the core, the adapters and the service is scanned for string literals that read like
// English prose. The few places that keep English on purpose are listed below with the reason.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");

/** Files whose English is for operators and integrators, not for agents or customers. */
const englishOnPurpose: Record<string, string> = {
  "adapters/email/": "answers to email providers' webhooks: read by the operator who set them up, like logs",
  "adapters/forms/": "answers to form providers' webhooks: read by the operator who set them up, like logs",
  "core/bounded-json.ts": "refusals of malformed webhook bodies, for the integrator",
  "adapters/discord/index.ts": "start-up errors, for the operator",
  "adapters/slack/socket-mode.ts": "start-up errors, for the operator",
  "core/actions/catalog.ts": "the actions' English descriptions; their Japanese is core/i18n/ja/actions.ts, typed against them",
  "core/config.ts": "the default pipeline's English names, beside their Japanese ones",
  "core/workflows/workflow-config.ts": "the shipped example workflows' English names and texts, beside their Japanese ones",
  "adapters/discord/command-names.ts": "the message commands' registered names; Discord shows name_localizations",
};

/**
 * A literal starting with a capital letter (after any emoji or Slack `:emoji:`) and running to three
 * words or more: a sentence or a label.
 */
const prose = /(["`])((?:[^\w"`\s]+\s*|:[a-z_]+:\s*)*[A-Z][a-z’']+(?: [A-Za-z’'.,:;#${}()]+){2,}[^"`]*)\1/g;
/** Lines whose literals nobody but developers and operators read. */
const notShown = /^\s*(\/\/|\*|\/\*)|log\.(info|warn|error|debug)\(|Error\(|console\./;
/** SQL aliases (`Ticket as t`) look like three words. */
const sqlAlias = /^[A-Z]\w* as \w+$/;
/** The Slack manifest's shortcut entries: the English app listing, with a Japanese manifest of its own. */
const manifestEntries = new Set([
  "Create ticket",
  "Make this message a help desk ticket; replies go back to its thread.",
  "Send this message of a ticket's thread to the customer, after a confirmation.",
]);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return ["node_modules", "i18n", "testing", "generated"].includes(e.name) ? [] : sources(path);
    return e.name.endsWith(".ts") && !e.name.endsWith(".test.ts") ? [path] : [];
  });
}

describe("texts people read", () => {
  it("come from the catalogues, in every source file outside the listed exceptions", () => {
    const found: string[] = [];
    for (const file of ["adapters", "core", "bot"].flatMap((d) => sources(join(root, d)))) {
      const name = relative(root, file);
      if (Object.keys(englishOnPurpose).some((p) => name.startsWith(p))) continue;
      readFileSync(file, "utf8")
        .split("\n")
        .forEach((line, n) => {
          if (notShown.test(line)) return;
          for (const m of line.matchAll(prose)) {
            const text = m[2]!;
            if (!sqlAlias.test(text) && !manifestEntries.has(text)) found.push(`${name}:${n + 1}: ${text}`);
          }
        });
    }
    expect(found).toEqual([]);
  });

  it("finds a sentence written straight into an adapter", () => {
    const line = `return tell(i, "⚠️ That message has no text to send.");`;
    expect([...line.matchAll(prose)].map((m) => m[2])).toEqual(["⚠️ That message has no text to send."]);
    expect([...`say(":warning: Only agents can do that.")`.matchAll(prose)].map((m) => m[2])).toEqual([
      ":warning: Only agents can do that.",
    ]);
  });
});
