// The Discord action registry: one file per catalogue action Discord offers (kebab-case, as under
// adapters/slack/actions/), each exporting its action's one object, which is the registry's entry;
// and every card control, More entry, picker, modal kind and message command has one owner.
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { actionNamesOn, type ActionOn } from "../../../core/actions/catalog.js";
import { cardActions, moreItems } from "../card.js";
import { messageCommands } from "../command-names.js";
import { modalKinds, pickKinds } from "../custom-ids.js";
import { discordActions, type DiscordAction } from "./index.js";

const actionNames = actionNamesOn("discord");
const kebab = (name: ActionOn<"discord">) => name.replace(/_/g, "-");
const camel = (name: ActionOn<"discord">) => name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const folder = fileURLToPath(new URL(".", import.meta.url));

describe("Discord actions", () => {
  it("has exactly one file per catalogue action, besides index.ts and types.ts", () => {
    const files = readdirSync(folder).filter((f) => !f.endsWith(".test.ts"));
    expect(files.sort()).toEqual([...actionNames.map((n) => `${kebab(n)}.ts`), "index.ts", "types.ts"].sort());
  });

  it("registers, for each action, the one object its own file exports", async () => {
    expect(Object.keys(discordActions).sort()).toEqual([...actionNames].sort());
    for (const name of actionNames) {
      const module = (await import(/* @vite-ignore */ `./${kebab(name)}.js`)) as Record<string, unknown>;
      expect(Object.keys(module), `${kebab(name)}.ts`).toEqual([camel(name)]);
      expect(module[camel(name)], `${kebab(name)}.ts`).toBe(discordActions[name]);
    }
  });

  it("gives every control, modal and message command exactly one action", () => {
    const owners = (part: keyof Omit<DiscordAction, "command">, key: string) =>
      actionNames.filter((n) => (discordActions[n][part] as Record<string, unknown> | undefined)?.[key] !== undefined);
    const one = (part: keyof Omit<DiscordAction, "command">, keys: readonly string[]) =>
      expect(Object.fromEntries(keys.map((k) => [k, owners(part, k).length])), part).toEqual(Object.fromEntries(keys.map((k) => [k, 1])));
    one(
      "card",
      cardActions.filter((a) => a !== "more"),
    );
    one("more", moreItems);
    one("pick", pickKinds);
    one("submit", modalKinds);
    one("modals", modalKinds);
    one("messageCommands", Object.keys(messageCommands));
    // The action that opens a modal is the one that handles its submission.
    for (const kind of modalKinds) expect(owners("submit", kind), kind).toEqual(owners("modals", kind));
    // The More select routes on to `more`: it is no action's own control.
    expect(owners("card", "more")).toEqual([]);
  });
});
