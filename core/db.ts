import type { Kysely, Transaction } from "kysely";
import type { DB } from "../generated/kysely/types.js";

export type { DB };
/** The database the core works against, on either provider (tables typed from prisma/schema.prisma). */
export type Db = Kysely<DB>;
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
