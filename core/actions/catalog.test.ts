import { describe, expect, it } from "vitest";
import * as core from "../index.js";
import { actionCatalog, actionNames, actionNamesOn, inputKinds, listActions, surfaceActionNames, type AnyActionName } from "./catalog.js";

// Which exported use case carries out each action: an action without one is a catalogue lie.
const useCaseOf: Record<AnyActionName, keyof typeof core> = {
  create: "createTicket",
  find: "findTickets",
  show: "showTicket",
  queue: "listTickets",
  claim: "claimTicket",
  release: "releaseTicket",
  assign: "assignTicket",
  reply: "replyToTicket",
  comment: "commentOnTicket",
  change_status: "changeStatus",
  update_properties: "updateProperties",
  split: "splitTicket",
  merge: "mergeTickets",
  move: "moveTicket",
  delete: "deleteTicket",
  restore: "restoreTicket",
  follow: "followTicket",
  unfollow: "unfollowTicket",
  away: "setAway",
  back: "setAway",
  workflows: "listWorkflows",
  dashboard: "issueSignInLink",
  stats: "readStats",
  token: "apiTokenAction",
  panel: "authorizePanel",
};

describe("action catalogue", () => {
  it("lists each action the design names, once, each backed by a core use case", () => {
    expect(new Set(actionNames).size).toBe(actionNames.length);
    const all = [...actionNames, ...(Object.keys(surfaceActionNames) as AnyActionName[])];
    expect(new Set(all).size, "a surface's own action is also everyone's").toBe(all.length);
    expect(Object.keys(actionCatalog).sort()).toEqual([...all].sort());
    for (const name of all) expect(typeof core[useCaseOf[name]], name).toBe("function");
  });

  it("offers a surface every surface's actions and its own, and no other surface's", () => {
    expect(actionNamesOn("discord")).toEqual([...actionNames, "panel"]);
    expect(actionNamesOn("slack") as string[]).not.toContain("panel");
    expect(listActions("discord").map((a) => a.name)).toEqual(actionNamesOn("discord"));
    expect(listActions().map((a) => a.name)).toEqual([...actionNames]);
  });

  it("keeps labels and descriptions within what chat platforms accept", () => {
    for (const { name, definition } of [...listActions("discord"), ...listActions("slack")]) {
      expect(definition.label.length, name).toBeLessThanOrEqual(24);
      expect(definition.description.length, name).toBeLessThanOrEqual(100);
      expect(new Set(definition.inputs.map((i) => i.field)).size, `${name} repeats an input`).toBe(definition.inputs.length);
      for (const input of definition.inputs) {
        expect(inputKinds, `${name}.${input.field}`).toContain(input.kind);
        expect(input.description.length).toBeLessThanOrEqual(100);
      }
    }
  });

  it("marks actions on one ticket as taking that ticket", () => {
    for (const { name, definition } of listActions()) {
      const takesTicket = definition.inputs.some((i) => i.kind === "ticket" && i.required);
      expect(takesTicket, name).toBe(definition.onTicket);
    }
  });
});
