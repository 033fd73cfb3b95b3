// Derives the PostgreSQL schema and generates one Prisma client per provider.
import { postgresSchemaPath, prismaCli, sourceSchemaPath, writePostgresSchema } from "./tooling.js";

writePostgresSchema();
prismaCli(["generate", "--schema", sourceSchemaPath], "sqlite");
prismaCli(["generate", "--schema", postgresSchemaPath], "postgresql");
console.log("prisma: generated clients for sqlite and postgresql");
