// What the email intake writes to the log: identifiers and reasons, never what a customer wrote.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Logger } from "../../core/log.js";
import { emailTestApp, type EmailTestApp } from "./testing/app.js";

/** Every line at every level, as the JSON a logger would write. */
const lines: string[] = [];
function capturing(bound: Record<string, unknown> = {}): Logger {
  const at = (level: string) => (msg: string, fields?: Record<string, unknown>) =>
    void lines.push(JSON.stringify({ level, msg, ...bound, ...fields }));
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error"), child: (f) => capturing({ ...bound, ...f }) };
}

let e: EmailTestApp;
beforeAll(async () => {
  e = await emailTestApp({ log: capturing() });
});
afterAll(() => e.t.close());

describe("intake logs", () => {
  it.each(["Secret Person <secret-7f3a at customer dot test>", "secret-7f3a@@customer", "<secret 7f3a@customer.test>"])(
    "say why a malformed sender was refused without quoting it: %s",
    async (from) => {
      lines.length = 0;
      const res = await e.postRaw({ from, subject: "Quarterly numbers" });
      expect(res.status).toBe(400);
      // The caller is told what was wrong with the address it sent.
      expect(((await res.json()) as { error: { message: string } }).error.message).toContain("secret");
      expect(lines).toHaveLength(1);
      expect(JSON.parse(lines[0]!)).toEqual({
        level: "warn",
        msg: "inbound email refused by the core",
        provider: "raw",
        code: "invalid",
        fields: ["email"],
      });
      expect(lines.join("\n")).not.toMatch(/secret|Quarterly/i);
    },
  );

  it("count the Cc addresses a message had beyond those kept, without listing any", async () => {
    lines.length = 0;
    const cc = Array.from({ length: 150 }, (_, i) => `colleague${i}@customer.test`).join(", ");
    expect((await e.postRaw({ cc, subject: "Team request" })).status).toBe(200);
    expect(lines.map((l) => JSON.parse(l) as Record<string, unknown>)).toEqual([
      expect.objectContaining({ level: "info", msg: "inbound email stored", ccOmitted: 50 }),
    ]);
    expect(lines.join("\n")).not.toMatch(/colleague|customer\.test|Team request/);
  });
});
