// Authors the next migration for both providers: `npm run db:diff -- <name>`.
// The SQL is the difference between the schema at the last migration (its snapshot) and now.
// The PostgreSQL diff needs a reachable server (PRISMA_AUTHORING_PG_URL); nothing is written to it.
import { existsSync, mkdirSync, readdirSync, writeFileSync, copyFileSync, mkdtempSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { readFileSync } from "node:fs";
import {
  derivePostgresSchema,
  migrationsDir,
  normaliseMigrationSql,
  postgresSchemaPath,
  prismaCli,
  providers,
  sourceSchemaPath,
  writePostgresSchema,
} from "./tooling.js";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:diff -- <snake_case_name>");
  process.exit(2);
}

writePostgresSchema();
const sqliteDir = join(migrationsDir, "sqlite");
const existing = existsSync(sqliteDir)
  ? readdirSync(sqliteDir)
      .filter((d) => /^\d{4}_/.test(d))
      .sort()
  : [];
const last = existing.at(-1);
const id = `${String(existing.length + 1).padStart(4, "0")}_${name}`;

const scratch = mkdtempSync(join(tmpdir(), "helpdesk-diff-"));
for (const provider of providers) {
  let from = ["--from-empty"];
  if (last) {
    const snapshot = readFileSync(join(sqliteDir, last, "schema.prisma"), "utf8");
    const file = join(scratch, `${provider}.prisma`);
    writeFileSync(file, provider === "postgresql" ? derivePostgresSchema(snapshot) : snapshot);
    from = ["--from-schema-datamodel", file];
  }
  const to = provider === "postgresql" ? postgresSchemaPath : sourceSchemaPath;
  const sql = normaliseMigrationSql(prismaCli(["migrate", "diff", ...from, "--to-schema-datamodel", to, "--script"], provider));
  if (!/\S/.test(sql.replace(/^--.*$/gm, ""))) {
    console.log(`${provider}: schema unchanged since ${last}; nothing to write`);
    continue;
  }
  const dir = join(migrationsDir, provider, id);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "migration.sql"), sql);
  if (provider === "sqlite") copyFileSync(sourceSchemaPath, join(dir, "schema.prisma"));
  console.log(`${provider}: wrote ${join("prisma/migrations", provider, id, "migration.sql")}`);
}
