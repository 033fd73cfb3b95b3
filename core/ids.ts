import { randomBytes } from "node:crypto";

let counter = 0;

/**
 * Ids for rows written with plain SQL, shaped like Prisma's cuid(): time first, so rows written
 * in one process in one millisecond still sort in the order they were made.
 */
export function newId(): string {
  counter = (counter + 1) % 1_679_616; // 36^4
  return `c${Date.now().toString(36).padStart(8, "0")}${counter.toString(36).padStart(4, "0")}${randomBytes(6).toString("hex").slice(0, 10)}`;
}
