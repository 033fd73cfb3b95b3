import type { Prisma, PrismaClient } from "../generated/sqlite/index.js";

/** The database the core works against (either provider; the types are the same). */
export type Db = PrismaClient;
/** A transaction client: every use case does its writes through one. */
export type Tx = Prisma.TransactionClient;
export type { Prisma };
