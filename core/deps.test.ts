import { afterAll, beforeAll, expect, it } from "vitest";
import { testCore, type TestCore } from "../test/harness.js";
import { withTx } from "./deps.js";

let t: TestCore;
beforeAll(async () => {
  t = await testCore();
});
afterAll(() => t.close());

/** How a PostgreSQL deadlock reaches us from pg: an error with SQLSTATE 40P01 as its code. */
const deadlock = () => Object.assign(new Error("deadlock detected"), { code: "40P01" });
/** How a unique-key race reaches us from better-sqlite3. */
const uniqueRace = () => Object.assign(new Error("UNIQUE constraint failed: Contact.emailHash"), { code: "SQLITE_CONSTRAINT_UNIQUE" });

it("retries a transaction the database rolled back for a deadlock, and gives up on anything else", async () => {
  let tries = 0;
  const result = await withTx(t.deps, async (tx) => {
    tries++;
    await tx.selectFrom("Team").selectAll().execute();
    if (tries === 1) throw deadlock();
    if (tries === 2) throw uniqueRace();
    return "done";
  });
  expect(result).toBe("done");
  expect(tries).toBe(3);

  let others = 0;
  await expect(
    withTx(t.deps, async () => {
      others++;
      throw new Error("not a conflict");
    }),
  ).rejects.toThrow("not a conflict");
  expect(others).toBe(1);
});
