import { afterAll, beforeAll, expect, it } from "vitest";
import { testCore, type TestCore } from "../test/harness.js";
import { withTx } from "./deps.js";

let t: TestCore;
beforeAll(async () => {
  t = await testCore();
});
afterAll(() => t.close());

/** How a PostgreSQL deadlock reaches us through the driver adapter, without a Prisma code. */
const deadlock = () => Object.assign(new Error("deadlock detected"), { cause: { kind: "postgres", originalCode: "40P01" } });

it("retries a transaction the database rolled back for a deadlock, and gives up on anything else", async () => {
  let tries = 0;
  const result = await withTx(t.deps, async (tx) => {
    tries++;
    await tx.team.findMany();
    if (tries === 1) throw deadlock();
    return "done";
  });
  expect(result).toBe("done");
  expect(tries).toBe(2);

  let others = 0;
  await expect(
    withTx(t.deps, async () => {
      others++;
      throw new Error("not a conflict");
    }),
  ).rejects.toThrow("not a conflict");
  expect(others).toBe(1);
});
