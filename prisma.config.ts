// Used only by the Prisma CLI at authoring time (`prisma generate`, `prisma migrate diff`).
// The JS schema engine runs over a driver adapter, so nothing is downloaded; the service
// itself applies the committed SQL with bot/db/migrate.ts.
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";

const provider = process.env.PRISMA_AUTHORING_PROVIDER ?? "sqlite";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: provider === "postgresql" ? "prisma/postgresql/schema.prisma" : "prisma/schema.prisma",
  async adapter() {
    return provider === "postgresql"
      ? new PrismaPg({ connectionString: process.env.PRISMA_AUTHORING_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test" })
      : new PrismaBetterSQLite3({ url: ":memory:" });
  },
});
