// No text an agent or a customer reads is written outside the catalogues (core/i18n): the source
// of the core, the adapters and the service (.ts and .tsx) is read with the TypeScript parser for
// literals that read like English, in any quotes: a sentence anywhere, a two-word phrase standing
// alone, a one-word label where it is shown (JSX text, a label, title, text or content). Logs,
// plain Errors, imports and types are skipped by where they stand; the few files and texts that
// keep English on purpose are listed below with the reason.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { englishLiterals } from "./english-literals.js";

const root = join(import.meta.dirname, "..");

/**
 * Files (or folders), or a file's top-level declarations (`file#name`), whose English is for
 * operators and integrators, or stands beside its Japanese, not for agents or customers to read alone.
 */
const englishOnPurpose: Record<string, string> = {
  "adapters/email/providers/": "answers to email providers' webhooks: read by the operator who set them up, like logs",
  "adapters/email/routes.ts": "answers to email providers' webhooks",
  "adapters/email/mime.ts": "why a webhook's message could not be parsed, in the webhook's answer",
  "adapters/forms/providers/": "answers to form providers' webhooks: read by the operator who set them up, like logs",
  "adapters/forms/routes.ts": "answers to form providers' webhooks",
  "adapters/forms/map-submission.ts": "why a form provider's submission was refused, in the webhook's answer",
  "core/bounded-json.ts": "refusals of malformed webhook bodies, for the integrator",
  "adapters/api/":
    "the REST API's own refusals (beside their codes) and its OpenAPI document: read by integrators, like an HTTP status text",
  "core/outbox/": "delivery failures kept on the row for operators (lastError), and logs",
  "core/jobs/": "job failures kept on the row for operators (lastError), and logs",
  "adapters/discord/index.ts": "start-up errors, for the operator",
  "adapters/slack/socket-mode.ts": "start-up errors, for the operator",
  "bot/main.ts": "start-up errors, for the operator",
  "bot/startup-summary.ts": "the start-up summary, for the operator",
  "bot/surfaces.ts": "the start-up summary's lines and start-up errors, for the operator",
  "bot/targets.ts": "why a delivery is off, in the start-up summary",
  "bot/survey-settings.ts": "why the workflows' surveys can reach nobody: a start-up refusal, for the operator",
  "bot/chat-backfill-cli.ts": "a command-line tool's output, for the operator",
  "bot/api-token-cli.ts": "a command-line tool's output, for the operator",
  "bot/settings.ts": "settings checked at start: a bad one stops the process with a message for the operator",
  "core/localized-text.ts": "the configuration's schema: its refusals stop the start, for the operator",
  "core/actions/catalog.ts": "the actions' English descriptions; their Japanese is core/i18n/ja/actions.ts, typed against them",
  "core/config.ts#defaultPipeline": "the default pipeline's English names, beside their Japanese ones",
  "core/workflows/workflow-config.ts#shippedWorkflows":
    "the shipped example workflows' English names and texts, beside their Japanese ones",
  "core/workflows/workflow-config.ts#workflowReferences": "a workflow naming what does not exist: a refusal at start, for the operator",
  "core/workflows/workflow-config.ts#propertyValueProblem":
    "a workflow's property value that does not fit: a refusal at start, for the operator",
  "adapters/discord/command-names.ts": "the message commands' registered names; Discord shows name_localizations",
  "adapters/slack/customer-files.ts#download": "why a customer's file was kept by name only: a log line, for the operator",
};

/** Texts kept in English on purpose wherever they stand. */
const textsOnPurpose: Record<string, string> = {
  // The Slack manifest's shortcut entries: the English app listing, with a Japanese manifest of its own.
  "Create ticket": "manifest",
  "Send as reply": "manifest",
  "Make this message a help desk ticket; replies go back to its thread.": "manifest",
  "Send this message of a ticket's thread to the customer, after a confirmation.": "manifest",
  // The server's JSON answer to an unexpected failure, for integrators (like an HTTP status text).
  "Internal error": "protocol",
  // The robots meta tag's value on the dashboard and survey pages, read by crawlers.
  noindex: "protocol",
};

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return ["node_modules", "i18n", "testing", "generated"].includes(e.name) ? [] : sources(path);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [path] : [];
  });
}

function read(file: string): string | null {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return null; // removed while the tree was read
  }
}

describe("texts people read", () => {
  it("come from the catalogues, in every source file outside the listed exceptions", () => {
    const found: string[] = [];
    for (const file of ["adapters", "core", "bot"].flatMap((d) => sources(join(root, d)))) {
      const name = relative(root, file);
      if (Object.keys(englishOnPurpose).some((p) => name.startsWith(p))) continue;
      const source = read(file);
      if (source === null) continue;
      for (const { line, text, within } of englishLiterals(name, source))
        if (!(text in textsOnPurpose) && !(`${name}#${within}` in englishOnPurpose)) found.push(`${name}:${line}: ${text}`);
    }
    expect(found).toEqual([]);
  });
});

describe("the scan", () => {
  const texts = (source: string, file = "x.ts") => englishLiterals(file, source).map((l) => l.text);

  it("finds sentences in any quotes, starting with a placeholder, an emoji or a lowercase letter", () => {
    expect(texts(`return tell(i, "⚠️ That message has no text to send.");`)).toEqual(["⚠️ That message has no text to send."]);
    expect(texts(`say(":warning: Only agents can do that.")`)).toEqual([":warning: Only agents can do that."]);
    expect(texts(`say('Only agents can do that.')`)).toEqual(["Only agents can do that."]);
    expect(texts('say("Use `/ticket` to start.")')).toEqual(["Use `/ticket` to start."]);
    expect(texts("say(`${n} tickets are waiting`)")).toEqual(["${…} tickets are waiting"]);
    expect(texts('say("no ticket was found")')).toEqual(["no ticket was found"]);
    expect(texts("say(`➡️ ${a} moved to ${b}.`)")).toEqual(["➡️ ${…} moved to ${…}."]);
    expect(texts("const s = `Spread\n over lines`;")).toEqual(["Spread\n over lines"]);
  });

  it("finds two-word phrases standing alone and one-word labels where they are shown", () => {
    expect(texts(`return name ?? "An agent";`)).toEqual(["An agent"]);
    expect(texts(`return subject || "(no subject)";`)).toEqual(["(no subject)"]);
    expect(texts(`return "_No owner_";`)).toEqual(["_No owner_"]);
    expect(texts(`const b = { type: "plain_text", text: "Claim" };`)).toEqual(["Claim"]);
    expect(texts(`new ButtonBuilder().setLabel("Close")`)).toEqual(["Close"]);
    expect(texts(`const p = () => <h1 title="Overview">Dashboard</h1>;`, "x.tsx")).toEqual(["Overview", "Dashboard"]);
    expect(texts(`const p = () => <p>{n} tickets are open</p>;`, "x.tsx")).toEqual(["tickets are open"]);
    expect(texts(`return tell(i, "Done");`)).toEqual(["Done"]);
    expect(texts(`return tell(i, "not set");`)).toEqual(["not set"]);
    expect(texts(`await i.reply({ content: "not saved", ephemeral: true });`)).toEqual(["not saved"]);
  });

  it("finds sentences inside a delivery wrapper, and sentences around a command or a mention", () => {
    const post = `await call("POST moved notice", () => rest.post(route, { body: { content: "This ticket was moved here from another forum." } }));`;
    expect(texts(post)).toEqual(["This ticket was moved here from another forum."]);
    expect(texts(`return { text: "Type /ticket help to see the teams." };`)).toEqual(["Type /ticket help to see the teams."]);
    expect(texts(`say("Ask @oncall or mail help@example.test for access.")`)).toEqual([
      "Ask @oncall or mail help@example.test for access.",
    ]);
    expect(texts(`tell(i, "Ask @oncall");`)).toEqual(["Ask @oncall"]);
  });

  it("names the top-level declaration a text stands in, for the exceptions listed by declaration", () => {
    const source = `export const shipped = [{ name: { en: "Waiting on customer", ja: "顧客返信待ち" } }];\nfunction f() { return "An agent"; }`;
    expect(englishLiterals("x.ts", source).map((l) => l.within)).toEqual(["shipped", "f"]);
  });

  it("skips a configuration file's zod refusals, not its other texts", () => {
    const schema = `const s = z.string().min(1, "a team needs a name at least").refine((v) => v !== "x", { message: "the team x is reserved here" });`;
    expect(texts(schema, "core/teams/team-config.ts")).toEqual([]);
    const custom = "const d = z.iso.date({ error: (issue) => `holiday ${issue.input} is not a real date` });";
    expect(texts(custom, "core/teams/team-config.ts")).toEqual([]);
    expect(texts(schema, "core/teams/team.ts")).toEqual(["a team needs a name at least", "the team x is reserved here"]);
    expect(texts(`export const greeting = "Welcome to the help desk.";`, "core/config.ts")).toEqual(["Welcome to the help desk."]);
    const fallback = `const s = z.object({ name: z.string().default("Unnamed team here") });`;
    expect(texts(fallback, "core/teams/team-config.ts")).toEqual(["Unnamed team here"]);
  });

  it("skips what only developers and operators read, and what is code", () => {
    const skipped = [
      `log.info("inbound email stored as a ticket");`,
      `c.get("log")?.warn("dashboard request refused by the core");`,
      `throw new Error("the lease ran out while the database was away");`,
      `throw new DeliveryError("the card is being posted by another worker");`,
      `import { x } from "./a file name.js";`,
      `type K = "Waiting on customer";`,
      `if (kind === "Waiting on customer") return;`,
      `q.selectFrom("Ticket as t");`,
      "const q = sql`select count(*) from Ticket where status is not null`;",
      `const id = "channel_not_found";`,
      `const t = { type: "plain_text" };`,
      `const f = "{date_short_pretty} {time}";`,
      `const u = "https://example.test/a b c";`,
      `const cols = ["id", "subject", "status"];`,
      `const word = "Open";`,
      `const ids = { text: "text", subject: "subject" };`,
      `await call("PATCH the card of a ticket", () => rest.patch(route, { body }));`,
      `const a = "ticket_id = ? and status = 'open'";`,
      `const p = "adapters/slack/actions/stats.ts";`,
    ];
    expect(skipped.flatMap((s) => texts(s))).toEqual([]);
  });
});
