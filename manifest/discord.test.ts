import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ApplicationCommandOptionType, ApplicationCommandType } from "discord.js";
import { describe, expect, it } from "vitest";
import { actionNamesOn } from "../core/actions/catalog.js";
import { messageCommands, subcommandNames } from "../adapters/discord/command-names.js";
import { commandLimits, commandNamePattern, discordCommands, discordCommandsText } from "./discord.js";

/** Discord offers every surface's actions and its own. */
const actionNames = actionNamesOn("discord");

type Opt = {
  type: number;
  name: string;
  description: string;
  required?: boolean;
  autocomplete?: boolean;
  options?: Opt[];
  choices?: unknown[];
};
const commands = discordCommands() as unknown as (Opt & { type: number })[];
const ticket = commands.find((c) => c.type === ApplicationCommandType.ChatInput && c.name === "ticket")!;
const subcommands = (ticket.options ?? []).flatMap((o) =>
  o.type === ApplicationCommandOptionType.SubcommandGroup ? (o.options ?? []) : [o],
);
const sub = (name: string) => subcommands.find((s) => s.name === name)!;

describe("Discord command definitions", () => {
  it("are committed as generated (run `npm run manifest` after changing the catalogue)", () => {
    const committed = readFileSync(fileURLToPath(new URL("./discord-commands.json", import.meta.url)), "utf8");
    expect(committed).toBe(discordCommandsText());
  });

  it("give every catalogue action a /ticket subcommand", () => {
    expect(subcommands).toHaveLength(actionNames.length);
    for (const a of actionNames) expect(subcommands.map((s) => s.name)).toContain(subcommandNames[a]);
    expect(new Set(Object.values(subcommandNames)).size).toBe(actionNames.length);
  });

  it("keep within Discord's limits on names, descriptions, options and their order", () => {
    const walk = (opts: Opt[] | undefined) => {
      if (!opts) return;
      expect(opts.length).toBeLessThanOrEqual(commandLimits.options);
      let optionalSeen = false;
      for (const o of opts) {
        expect(o.name).toMatch(commandNamePattern);
        expect(o.description.length).toBeGreaterThan(0);
        expect(o.description.length).toBeLessThanOrEqual(commandLimits.description);
        expect((o.choices ?? []).length).toBeLessThanOrEqual(commandLimits.choices);
        if (o.type === ApplicationCommandOptionType.Subcommand || o.type === ApplicationCommandOptionType.SubcommandGroup) walk(o.options);
        else {
          if (o.required) expect(optionalSeen).toBe(false);
          else optionalSeen = true;
        }
      }
      expect(new Set(opts.map((o) => o.name)).size).toBe(opts.length);
    };
    expect(ticket.name).toMatch(commandNamePattern);
    walk(ticket.options);
  });

  it("take a user for assign, autocomplete statuses and tickets, and imply the ticket inside its post", () => {
    expect(sub("assign").options).toEqual([
      expect.objectContaining({ name: "owner", type: ApplicationCommandOptionType.User, required: true }),
      expect.objectContaining({ name: "ticket", required: false, autocomplete: true }),
    ]);
    expect(sub("status").options!.find((o) => o.name === "status")).toMatchObject({ required: true, autocomplete: true });
    expect(sub("merge").options).toEqual([
      expect.objectContaining({ name: "secondary", required: true, autocomplete: true }),
      expect.objectContaining({ name: "primary", required: false, autocomplete: true }),
    ]);
    // Reply and comment text may be left out: a modal asks for it.
    expect(sub("reply").options!.find((o) => o.name === "text")).toMatchObject({ required: false });
    expect(sub("queue").options![0]).toMatchObject({
      name: "queue",
      required: true,
      choices: expect.arrayContaining([expect.objectContaining({ name: "all open", value: "all_open" })]),
    });
    expect(sub("split").options!.map((o) => o.name)).toEqual(["ticket"]);
  });

  it("cap long text at what the reply modal holds, and take custom properties as key=value text", () => {
    const long = ["new", "reply", "comment"].map((n) => sub(n).options!.find((o) => o.name === "text") as Opt & { max_length?: number });
    for (const o of long) expect(o.max_length).toBe(4000);
    for (const n of ["set", "status"]) {
      expect(sub(n).options!.find((o) => o.name === "properties")).toMatchObject({
        type: ApplicationCommandOptionType.String,
        required: false,
        max_length: 1000,
        description: expect.stringContaining("key=value"),
      });
    }
  });

  it("add the two message context-menu commands, guild only", () => {
    const menus = commands.filter((c) => c.type === ApplicationCommandType.Message).map((c) => c.name);
    expect(menus).toEqual([messageCommands.createTicket, messageCommands.sendAsReply]);
    for (const m of menus) expect(m.length).toBeLessThanOrEqual(commandLimits.name);
    for (const c of discordCommands()) expect(c).toMatchObject({ contexts: [0], integration_types: [0] });
  });

  it("describe every command, subcommand, option and choice in Japanese too, within Discord's limits", () => {
    type Localized = Opt & { description_localizations?: Record<string, string>; name_localizations?: Record<string, string> };
    const japanese = /[\u3040-\u30ff\u4e00-\u9fff]/;
    const walk = (opts: Localized[] | undefined) => {
      for (const o of opts ?? []) {
        const ja = o.description_localizations?.ja ?? "";
        expect(ja, o.name).toMatch(japanese);
        expect(ja.length).toBeLessThanOrEqual(commandLimits.description);
        for (const c of (o.choices ?? []) as { name: string; name_localizations?: Record<string, string> }[]) {
          expect(c.name_localizations?.ja, c.name).toMatch(japanese);
        }
        walk(o.options as Localized[] | undefined);
      }
    };
    const top = ticket as Localized;
    expect(top.description_localizations?.ja).toMatch(japanese);
    walk(top.options as Localized[]);
    // Message commands: the name is what the user sees; Discord sends the English one back.
    for (const c of commands.filter((c) => c.type === ApplicationCommandType.Message) as Localized[]) {
      expect(Object.values(messageCommands)).toContain(c.name);
      expect(c.name_localizations?.ja).toMatch(japanese);
      expect(c.name_localizations!.ja!.length).toBeLessThanOrEqual(commandLimits.name);
    }
  });
});
