// The tests' independent reader of what the service wrote: a Prisma client on the same database
// (its own connection), typed from the same schema. The service itself never uses Prisma at run time.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient } from "../generated/sqlite/index.js";
import { PrismaClient as PostgresClient } from "../generated/postgresql/index.js";
import type { DatabaseTarget } from "../bot/db/connect.js";

export type PrismaReader = SqliteClient;

export async function openPrismaReader(target: DatabaseTarget): Promise<PrismaReader> {
  if (target.provider === "sqlite") {
    // The same text form the service writes (bot/db/sqlite-connection.ts).
    const client = new SqliteClient({
      adapter: new PrismaBetterSQLite3({ url: `file:${target.file}`, timeout: 10_000 }, { timestampFormat: "iso8601" }),
    });
    await client.$connect();
    return client;
  }
  const adapter = new PrismaPg(
    { connectionString: target.url, max: 4, options: `-c search_path=${target.schema}` },
    { schema: target.schema },
  );
  // Both generated clients expose the same model API; the SQLite client's types stand for both.
  const client = new PostgresClient({ adapter }) as unknown as PrismaReader;
  await client.$connect();
  return client;
}
