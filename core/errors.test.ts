// A refusal is a catalogue message, shown to each reader in their language: a text written in one
// language cannot be thrown (the type-check refuses it).
import { describe, expect, it } from "vitest";
import { conflict, forbidden, invalid, notFound } from "./errors.js";
import { Formats } from "./i18n/format.js";
import { msg } from "./i18n/translate.js";

describe("HelpdeskError", () => {
  it("renders its message and fields in the reader's language, English for logs", () => {
    const e = invalid(msg("errors.agentsOnly"), { email: msg("fields.required") });
    expect(e.message).toBe("Only help desk agents can do that.");
    expect(e.messageIn(new Formats("ja"))).toBe("この操作はヘルプデスクの担当者だけが行えます。");
    expect(e.fieldsIn(new Formats("ja"))?.email).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    expect(e.fields).toEqual({ email: "Required." });
  });

  it("refuses, at the type-check, a text in one language", () => {
    // Never called: what matters is that each line fails the type-check.
    const refusals = [
      // @ts-expect-error only catalogue messages
      () => notFound("No such ticket."),
      // @ts-expect-error only catalogue messages
      () => forbidden("Not yours."),
      // @ts-expect-error only catalogue messages
      () => conflict("Taken."),
      // @ts-expect-error only catalogue messages, for the fields too
      () => invalid(msg("errors.agentsOnly"), { email: "Required." }),
    ];
    expect(refusals).toHaveLength(4);
  });
});
