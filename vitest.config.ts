import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["{core,bot,adapters,manifest,prisma,test}/**/*.test.{ts,tsx}"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
