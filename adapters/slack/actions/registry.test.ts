// The actions folder is the registry's shape: one file per catalogue action (kebab-case), each
// exporting the one object slackActions holds for it, and every card element and overflow entry
// served by exactly one action.
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { actionNames } from "../../../core/actions/catalog.js";
import { cardActions, overflowItems } from "../card.js";
import { modalIds } from "../modals.js";
import { slackActions } from "./index.js";

const kebab = (name: string) => name.replace(/_/g, "-");
const dir = fileURLToPath(new URL(".", import.meta.url));
const files = readdirSync(dir).filter((f) => f !== "registry.test.ts");

describe("Slack actions registry", () => {
  it("holds exactly one file per action, plus index.ts and types.ts", () => {
    const expected = [...actionNames.map((n) => `${kebab(n)}.ts`), "index.ts", "types.ts"].sort();
    expect(files.sort()).toEqual(expected);
  });

  it("has every action, each the one object exported by its own file", async () => {
    expect(Object.keys(slackActions).sort()).toEqual([...actionNames].sort());
    for (const name of actionNames) {
      const file = `./${kebab(name)}.js`;
      const exported = Object.values((await import(/* @vite-ignore */ file)) as Record<string, unknown>);
      expect(exported, `${kebab(name)}.ts exports one object`).toHaveLength(1);
      expect(slackActions[name], `slackActions.${name} is the export of ${kebab(name)}.ts`).toBe(exported[0]);
    }
  });

  it("serves each subcommand word, card element, overflow entry and modal once", () => {
    const all = Object.values(slackActions);
    const words = all.flatMap((a) => [a.command.word, ...(a.command.aliases ?? [])]);
    expect(new Set(words).size).toBe(words.length);
    const elements = all.flatMap((a) => (a.card ? [a.card.actionId] : []));
    expect(elements.sort()).toEqual(
      Object.values(cardActions)
        .filter((id) => id !== cardActions.more)
        .sort(),
    );
    const entries = all.flatMap((a) => (a.overflow ? [a.overflow.item] : []));
    expect(entries.sort()).toEqual([...overflowItems].sort());
    const modals = all.flatMap((a) => (a.modal ? [a.modal.callbackId] : []));
    expect(modals.sort()).toEqual(Object.values(modalIds).sort());
  });
});
