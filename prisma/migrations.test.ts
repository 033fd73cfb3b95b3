import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { derivePostgresSchema, migrationsDir, postgresSchemaPath, sourceSchemaPath } from "./tooling.js";

describe("committed schema and migrations", () => {
  it("the PostgreSQL schema is derived from the source schema (run npm run prisma:generate)", () => {
    expect(readFileSync(postgresSchemaPath, "utf8")).toBe(derivePostgresSchema(readFileSync(sourceSchemaPath, "utf8")));
  });

  it("the last migration matches the schema (run npm run db:diff -- <name> after a schema change)", () => {
    const dirs = readdirSync(join(migrationsDir, "sqlite")).sort();
    const last = dirs.at(-1)!;
    expect(readFileSync(join(migrationsDir, "sqlite", last, "schema.prisma"), "utf8")).toBe(readFileSync(sourceSchemaPath, "utf8"));
  });

  it("every migration exists for both providers", () => {
    const names = (p: string) => readdirSync(join(migrationsDir, p)).sort();
    expect(names("postgresql")).toEqual(names("sqlite"));
  });
});
