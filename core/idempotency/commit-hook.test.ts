// withTx's part in a CommitHook: inside the transaction, last, rerun on a retry; a second transaction in the request is refused.
import { afterAll, beforeAll, expect, it } from "vitest";
import { testCore, type TestCore } from "../../test/harness.js";
import { withTx, type CommitHook } from "../deps.js";

let t: TestCore;
beforeAll(async () => {
  t = await testCore();
});
afterAll(() => t.close());

const deadlock = () => Object.assign(new Error("deadlock detected"), { code: "40P01" });

/** A hook that writes a team named after each result it is given, so what it did shows in the database. */
function teamWriter(seen: unknown[]): CommitHook {
  return {
    state: "idle",
    async inTransaction(tx, result) {
      seen.push(result);
      await tx
        .insertInto("Team")
        .values({ id: `hook-${String(result)}-${seen.length}`, name: "hook" })
        .execute();
    },
  };
}
const hookTeams = async () =>
  (await t.deps.db.selectFrom("Team").select("id").where("name", "=", "hook").orderBy("id").execute()).map((r) => r.id);

it("runs in the transaction with its result, again on a retried attempt; a later transaction of the request is refused", async () => {
  const seen: unknown[] = [];
  const hook = teamWriter(seen);
  const deps = { ...t.deps, commitHook: hook };
  let tries = 0;
  await withTx(deps, async () => {
    tries++;
    return `r${tries}`;
  });
  expect(hook.state).toBe("committed");
  expect(seen).toEqual(["r1"]);

  // A second transaction of the same request would commit outside the answer already stored: refused.
  await expect(
    withTx(deps, async (tx) => {
      await tx.insertInto("Team").values({ id: "after-commit", name: "x" }).execute();
      return "later";
    }),
  ).rejects.toThrow(/second transaction/);
  expect(seen).toEqual(["r1"]);
  expect(await hookTeams()).toEqual(["hook-r1-1"]);
  expect(await t.deps.db.selectFrom("Team").select("id").where("id", "=", "after-commit").execute()).toEqual([]);
});

it("rolls back with a failed attempt and runs again in the retry; a transaction that fails leaves it idle", async () => {
  const seen: unknown[] = [];
  const writer = teamWriter(seen);
  // Its first run writes, then the attempt dies of a deadlock: what it wrote goes with it.
  const hook: CommitHook = {
    state: "idle",
    async inTransaction(tx, result) {
      await writer.inTransaction(tx, result);
      if (seen.length === 1) throw deadlock();
    },
  };
  let stateInside: string | undefined;
  await withTx({ ...t.deps, commitHook: hook }, async () => {
    stateInside = hook.state;
    return "retried";
  });
  expect(stateInside).toBe("running");
  expect(hook.state).toBe("committed");
  expect(seen).toEqual(["retried", "retried"]);
  expect((await hookTeams()).filter((id) => id.startsWith("hook-retried"))).toEqual(["hook-retried-2"]);

  const failing = teamWriter([]);
  await expect(
    withTx({ ...t.deps, commitHook: failing }, async () => {
      throw new Error("refused");
    }),
  ).rejects.toThrow("refused");
  expect(failing.state).toBe("idle");
});

it("rolls the effect back when the hook throws, and refuses a transaction nested in the request's own", async () => {
  const refusing: CommitHook = {
    state: "idle",
    async inTransaction() {
      throw new Error("claim lost");
    },
  };
  await expect(
    withTx({ ...t.deps, commitHook: refusing }, async (tx) => {
      await tx.insertInto("Team").values({ id: "rolled-back", name: "x" }).execute();
    }),
  ).rejects.toThrow("claim lost");
  expect(await t.deps.db.selectFrom("Team").select("id").where("id", "=", "rolled-back").execute()).toEqual([]);

  const seen: unknown[] = [];
  const hook = teamWriter(seen);
  const deps = { ...t.deps, commitHook: hook };
  // A transaction opened while the request's own is open would commit apart from it: refused, and
  // the request's transaction rolls back with the refusal.
  await expect(
    withTx(deps, async () => {
      await withTx(deps, async () => "inner");
      return "outer";
    }),
  ).rejects.toThrow(/second transaction/);
  expect(seen).toEqual([]);
  expect(hook.state).toBe("idle");
});
