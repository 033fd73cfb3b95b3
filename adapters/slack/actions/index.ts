// Every catalogue action on Slack, one file each: the routers (commands.ts, actions.ts,
// submissions.ts) look them up here. Keyed by ActionName, so an action missing on Slack is a
// compile error.
import { assign } from "./assign.js";
import { away } from "./away.js";
import { back } from "./back.js";
import { workflows } from "./workflows.js";
import { dashboard } from "./dashboard.js";
import { stats } from "./stats.js";
import { token } from "./token.js";
import { change_status } from "./change-status.js";
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
import type { SlackAction } from "./types.js";
import { unfollow } from "./unfollow.js";
import { update_properties } from "./update-properties.js";
import type { ActionName } from "../../../core/index.js";

export type { SlackAction } from "./types.js";

/** In the catalogue's order, which the help text follows. */
export const slackActions: Record<ActionName, SlackAction> = {
  create,
  find,
  show,
  queue,
  claim,
  release,
  assign,
  reply,
  comment,
  change_status,
  update_properties,
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
};
