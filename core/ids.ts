import { randomFillSync } from "node:crypto";

let counter = 0;
// Random bytes drawn a page at a time: one system call per 512 ids instead of one each.
const pool = Buffer.alloc(4096);
let offset = pool.length;

function randomHex(bytes: number): string {
  if (offset + bytes > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const out = pool.toString("hex", offset, offset + bytes);
  offset += bytes;
  return out;
}

/**
 * Ids for rows written with plain SQL, shaped like Prisma's cuid(): time first, so rows written
 * in one process in one millisecond still sort in the order they were made.
 */
export function newId(): string {
  counter = (counter + 1) % 1_679_616; // 36^4
  return `c${Date.now().toString(36).padStart(8, "0")}${counter.toString(36).padStart(4, "0")}${randomHex(5)}`;
}
