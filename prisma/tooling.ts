// Authoring helpers shared by prisma/generate.ts, prisma/diff.ts and the drift test.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const prismaDir = dirname(fileURLToPath(import.meta.url));
export const sourceSchemaPath = join(prismaDir, "schema.prisma");
export const postgresSchemaPath = join(prismaDir, "postgresql", "schema.prisma");
export const migrationsDir = join(prismaDir, "migrations");

export type Provider = "sqlite" | "postgresql";
export const providers: readonly Provider[] = ["sqlite", "postgresql"];

/** The PostgreSQL schema is the SQLite source with its provider, url and client output swapped. */
export function derivePostgresSchema(source: string): string {
  const out = source
    .replace('provider = "sqlite"', 'provider = "postgresql"')
    .replace('url      = "file:./dev.db"', 'url      = "postgresql://localhost/unused"')
    .replace('output     = "../generated/sqlite"', 'output     = "../../generated/postgresql"');
  if (out === source) throw new Error("prisma/schema.prisma no longer has the lines derivePostgresSchema swaps");
  return `// Generated from prisma/schema.prisma by prisma/generate.ts: do not edit.\n${out}`;
}

export function writePostgresSchema(): void {
  mkdirSync(dirname(postgresSchemaPath), { recursive: true });
  writeFileSync(postgresSchemaPath, derivePostgresSchema(readFileSync(sourceSchemaPath, "utf8")));
}

/**
 * Runs the Prisma CLI offline: the engine variables point at a file that exists so that
 * nothing is downloaded; prisma.config.ts selects the JS schema engine.
 */
export function prismaCli(args: string[], provider: Provider = "sqlite"): string {
  const res = spawnSync(process.execPath, [join(prismaDir, "..", "node_modules", "prisma", "build", "index.js"), ...args], {
    cwd: join(prismaDir, ".."),
    encoding: "utf8",
    env: {
      ...process.env,
      PRISMA_SCHEMA_ENGINE_BINARY: process.execPath,
      PRISMA_QUERY_ENGINE_LIBRARY: process.execPath,
      PRISMA_HIDE_UPDATE_MESSAGE: "1",
      CHECKPOINT_DISABLE: "1",
      PRISMA_AUTHORING_PROVIDER: provider,
    },
  });
  if (res.status !== 0) {
    throw new Error(`prisma ${args.join(" ")} failed (${res.status}):\n${res.stderr}\n${res.stdout}`);
  }
  return res.stdout;
}

/** Strips what makes a migration schema-specific, so it runs under any search_path. */
export function normaliseMigrationSql(sql: string): string {
  return sql
    .replace(/-- CreateSchema\nCREATE SCHEMA IF NOT EXISTS "public";\n\n?/g, "")
    .replace(/"public"\./g, "")
    .trimStart();
}
