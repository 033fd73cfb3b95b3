// Derives the PostgreSQL schema, generates the Kysely table types the service queries with, and
// one Prisma client per provider (used by the tests as an independent reader of what was written).
import { mkdirSync, writeFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { derivePostgresSchema, postgresSchemaPath, prismaCli, prismaDir, sourceSchemaPath, writePostgresSchema } from "./tooling.js";

writePostgresSchema();
// The table types come from the PostgreSQL form of the schema (dates as Date, booleans as
// boolean); the SQLite connection converts its stored text and integers to the same types.
const generatedDir = join(prismaDir, "..", "generated");
mkdirSync(generatedDir, { recursive: true });
const kyselySchema = join(generatedDir, "kysely.prisma");
const withoutClient = derivePostgresSchema(readFileSync(sourceSchemaPath, "utf8")).replace(
  /generator client \{[^}]*\}/,
  'generator kysely {\n  provider = "prisma-kysely"\n  output   = "./kysely"\n  fileName = "types.ts"\n}',
);
writeFileSync(kyselySchema, withoutClient);
prismaCli(["generate", "--schema", kyselySchema], "postgresql");
prismaCli(["generate", "--schema", sourceSchemaPath], "sqlite");
prismaCli(["generate", "--schema", postgresSchemaPath], "postgresql");
console.log("prisma: generated the Kysely table types and clients for sqlite and postgresql");
