// Every catalogue action on Discord, one file each (the same names as adapters/slack/actions/).
// The registry is keyed by the catalogue's action names, so an action without its Discord side is
// a compile error; the routers look handlers up here by what Discord sends.
import { assign } from "./assign.js";
import { away } from "./away.js";
import { back } from "./back.js";
import { workflows } from "./workflows.js";
import { dashboard } from "./dashboard.js";
import { stats } from "./stats.js";
import { token } from "./token.js";
import { changeStatus } from "./change-status.js";
import { claim } from "./claim.js";
import { comment } from "./comment.js";
import { create } from "./create.js";
import { delete as deleteAction } from "./delete.js";
import { find } from "./find.js";
import { follow } from "./follow.js";
import { merge } from "./merge.js";
import { move } from "./move.js";
import { queue } from "./queue.js";
import { release } from "./release.js";
import { reply } from "./reply.js";
import { restore } from "./restore.js";
import { show } from "./show.js";
import { split } from "./split.js";
import type { DiscordAction } from "./types.js";
import { unfollow } from "./unfollow.js";
import { updateProperties } from "./update-properties.js";
import { panel } from "./panel.js";
import type { ActionOn } from "../../../core/index.js";

export type { DiscordAction } from "./types.js";

export const discordActions: Record<ActionOn<"discord">, DiscordAction> = {
  create,
  find,
  show,
  queue,
  claim,
  release,
  assign,
  reply,
  comment,
  change_status: changeStatus,
  update_properties: updateProperties,
  split,
  merge,
  move,
  delete: deleteAction,
  restore,
  follow,
  unfollow,
  away,
  back,
  workflows,
  dashboard,
  stats,
  token,
  panel,
};

/** The parts of an action that routers look up by a key Discord sends (a custom id's kind, a command's name). */
type Keyed = "card" | "more" | "pick" | "modals" | "submit" | "messageCommands";
type HandlerOf<P extends Keyed> = NonNullable<NonNullable<DiscordAction[P]>[keyof NonNullable<DiscordAction[P]>]>;

/**
 * Every handler the actions declare under one part, by its key. Each key has one owner
 * (registry.test.ts checks), so no entry here hides another.
 */
export function handlersOf<P extends Keyed>(part: P): ReadonlyMap<string, HandlerOf<P>> {
  const found = new Map<string, HandlerOf<P>>();
  for (const action of Object.values(discordActions)) {
    for (const [key, handler] of Object.entries(action[part] ?? {})) if (handler) found.set(key, handler as HandlerOf<P>);
  }
  return found;
}
