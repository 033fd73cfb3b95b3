import type { ArgType, SqlDriverAdapter, SqlQueryable } from "@prisma/driver-adapter-utils";
import { ColumnTypeEnum, DriverAdapterError } from "@prisma/driver-adapter-utils";
import type { Sql, SqlTx } from "../../core/sql.js";

function argType(v: unknown): ArgType {
  const scalar =
    typeof v === "string" ? "string"
    : typeof v === "number" ? (Number.isInteger(v) ? "int" : "float")
    : typeof v === "bigint" ? "bigint"
    : typeof v === "boolean" ? "boolean"
    : v instanceof Date ? "datetime"
    : v instanceof Uint8Array ? "bytes"
    : "unknown";
  return { scalarType: scalar, arity: "scalar" };
}

/** `?` to `$1, $2, …`; the statements this project writes have no `?` inside literals. */
function numberPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

function runner(q: SqlQueryable, dialect: Sql["dialect"]): SqlTx {
  const prep = dialect === "postgresql" ? numberPlaceholders : (s: string) => s;
  const toQuery = (sql: string, args: readonly unknown[]) => ({
    sql: prep(sql),
    args: args.map((a) => (a === undefined ? null : a)),
    argTypes: args.map(argType),
  });
  return {
    async query<R extends Record<string, unknown>>(sql: string, args: readonly unknown[] = []) {
      const res = await q.queryRaw(toQuery(sql, args));
      return res.rows.map((row) => {
        const o: Record<string, unknown> = {};
        res.columnNames.forEach((c, i) => {
          const v = row[i];
          const t = res.columnTypes[i];
          // Integers arrive as bigint or (64-bit) as strings; ticket numbers and counts fit a number.
          const integral = t === ColumnTypeEnum.Int32 || t === ColumnTypeEnum.Int64;
          o[c] = typeof v === "bigint" || (integral && typeof v === "string") ? Number(v) : v;
        });
        return o as R;
      });
    },
    execute: (sql: string, args: readonly unknown[] = []) => q.executeRaw(toQuery(sql, args)),
  };
}

/** The SQL port over the driver adapter the Prisma client also uses (same connection, same locks). */
export function sqlPort(adapter: () => Promise<SqlDriverAdapter>, dialect: Sql["dialect"]): Sql {
  return {
    dialect,
    async transaction(fn) {
      const tx = await (await adapter()).startTransaction();
      let result;
      try {
        result = await fn(runner(tx, dialect));
      } catch (e) {
        try {
          await tx.executeRaw({ sql: "ROLLBACK", args: [], argTypes: [] });
        } finally {
          await tx.rollback();
        }
        throw e instanceof DriverAdapterError ? Object.assign(new Error(e.message), { cause: e.cause }) : e;
      }
      try {
        await tx.executeRaw({ sql: "COMMIT", args: [], argTypes: [] });
      } catch (e) {
        await tx.rollback();
        throw e;
      }
      await tx.commit();
      return result;
    },
  };
}
