import type { Kysely, Transaction } from "kysely";
import type { DB } from "../generated/kysely/types.js";

export type { DB };
/**
 * The database the core works against, on either provider (tables typed from prisma/schema.prisma).
 * Without `startTransaction`: a transaction is opened with `transaction().execute(...)` only, whose
 * end Kysely awaits whole (the SQLite driver answers a transaction after its group's COMMIT; a
 * controlled transaction would report "committed" before it).
 */
export type Db = Omit<Kysely<DB>, "startTransaction">;
/**
 * What a use case writes through: one open transaction. Narrowed to queries, so code given a
 * transaction cannot open another, end this one or leave it.
 */
export type Tx = Omit<
  Transaction<DB>,
  "transaction" | "connection" | "destroy" | "startTransaction" | "withPlugin" | "withoutPlugins" | "withSchema" | "withTables"
>;
/** Either: a read that may run inside or outside a transaction. */
export type Queryable = Tx | Db;
