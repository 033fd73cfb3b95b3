import type { Formats } from "./format.js";

/** One message: a text, or a function of its parameters and the language's formats. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each entry declares its own parameters
export type Entry = string | ((p: any, f: Formats) => string);

/** A catalogue area: messages by name. */
export type Area = Record<string, Entry>;

/**
 * The same area in another language: every message of the English one and no other, each taking
 * the same parameters. A missing or extra key, or a parameter the English message lacks, fails
 * the type-check.
 */
export type Translation<A extends Area> = { [K in keyof A]: A[K] extends string ? string : A[K] };
