import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, testCore, type TestCore } from "../../test/harness.js";
import { english, render } from "../i18n/translate.js";
import { apiTokenAction } from "./api-token-action.js";

let t: TestCore;
beforeAll(async () => {
  t = await testCore();
});
afterAll(() => t.close());

const said = (a: { lines: Parameters<typeof render>[0][] }) => a.lines.map((m) => render(m, english));

describe("/ticket token", () => {
  it("creates a token acting as the admin unless another agent is named, then lists and revokes it", async () => {
    const made = await apiTokenAction(t.deps, { command: "create", name: "mine" }, as.ada);
    expect(made.secret).toMatch(/^hdk_/);
    expect(said(made)).toEqual([`API token "mine" created, acting as Ada (write). Copy the secret below now; it is not shown again.`]);
    const other = await apiTokenAction(t.deps, { command: "CREATE", name: "cys", agentId: "cy", scope: "read" }, as.ada);
    expect(said(other)[0]).toContain("acting as Cy (read)");
    const listed = said(await apiTokenAction(t.deps, { command: "list" }, as.ada));
    expect(listed).toEqual([
      expect.stringMatching(/^mine \(hdk_\S+…\): acts as Ada, write, active$/),
      expect.stringMatching(/^cys .*read, active$/),
    ]);
    expect(listed.join("\n")).not.toContain(made.secret);
    const revoked = await apiTokenAction(t.deps, { command: "revoke", name: "cys" }, as.ada);
    expect(said(revoked)).toEqual([`API token "cys" revoked.`]);
    expect(revoked.secret).toBeUndefined();
  });

  it("is for admins only, and asks for what is missing", async () => {
    await expect(apiTokenAction(t.deps, { command: "list" }, as.bob)).rejects.toMatchObject({ code: "forbidden" });
    await expect(apiTokenAction(t.deps, { command: "create", name: "x" }, as.bob)).rejects.toMatchObject({ code: "forbidden" });
    await expect(apiTokenAction(t.deps, { command: "create" }, as.ada)).rejects.toMatchObject({
      code: "invalid",
      message: "Name the token, e.g. billing.",
    });
    await expect(apiTokenAction(t.deps, { command: "burn", name: "x" }, as.ada)).rejects.toMatchObject({ code: "invalid" });
  });
});
