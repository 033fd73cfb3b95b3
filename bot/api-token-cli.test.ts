// `npm run api:token`: create (the secret printed once, working against the API), list, revoke.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticateApiToken } from "../core/index.js";
import { testCore, type TestCore } from "../test/harness.js";
import { apiTokenCommand } from "./api-token-cli.js";

let t: TestCore;
beforeAll(async () => {
  t = await testCore();
});
afterAll(() => t.close());

describe("api:token", () => {
  it("creates a token as an agent and prints its secret once; list shows only the prefix", async () => {
    const created = await apiTokenCommand(["create", "--name", "billing", "--agent", "ada"], t.deps);
    expect(created.code).toBe(0);
    const secret = /^(hdk_\S+)$/m.exec(created.out)?.[1];
    expect(secret).toBeDefined();
    expect(await authenticateApiToken(t.deps, secret!)).toMatchObject({ ok: true, caller: { agentId: "ada", scope: "write" } });
    const listed = await apiTokenCommand(["list"], t.deps);
    expect(listed.out).toMatch(/^billing\thdk_\S{8}…\tada\twrite\tactive\tlast used /m);
    expect(listed.out).not.toContain(secret);
  });

  it("revokes by name, and says what went wrong", async () => {
    await apiTokenCommand(["create", "--name", "reader", "--agent", "bob", "--scope", "read"], t.deps);
    expect(await apiTokenCommand(["revoke", "--name", "reader"], t.deps)).toEqual({ code: 0, out: 'revoked API token "reader"' });
    expect((await apiTokenCommand(["list"], t.deps)).out).toMatch(/^reader\t.*\trevoked /m);
    expect(await apiTokenCommand(["revoke", "--name", "reader"], t.deps)).toMatchObject({
      code: 1,
      out: expect.stringContaining("already revoked"),
    });
    expect(await apiTokenCommand(["create", "--name", "billing", "--agent", "bob"], t.deps)).toMatchObject({ code: 1 });
    expect(await apiTokenCommand(["create", "--name", "x", "--agent", "nobody"], t.deps)).toMatchObject({ code: 1 });
    expect(await apiTokenCommand(["create", "--name", "x"], t.deps)).toMatchObject({ code: 2, out: expect.stringContaining("usage:") });
    expect(await apiTokenCommand(["burn"], t.deps)).toMatchObject({ code: 2 });
  });

  it("runs as a script against DATABASE_URL", async () => {
    const { stdout } = await promisify(execFile)(
      "npx",
      ["tsx", "bot/api-token-cli.ts", "create", "--name", "from-script", "--agent", "cy"],
      {
        env: { ...process.env, DATABASE_URL: t.database.url },
      },
    );
    expect(stdout).toMatch(/created API token "from-script" acting as Cy \(cy\), scope write/);
    expect(await t.prisma.apiToken.count({ where: { name: "from-script", createdBy: "cli" } })).toBe(1);
  });
});
