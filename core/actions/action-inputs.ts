// What the catalogue's actions take: the use-case input behind each action (the catalogue may
// only name its fields) and how an input is described to a surface (core/actions/catalog.ts).
import type { SetAwayInput } from "../assignment/set-away.js";
import type { StatsInput } from "../kpis/kpi-types.js";
import type { ApiTokenActionInput } from "../api-tokens/api-token-action.js";
import type { AssignTicketInput } from "../tickets/assign-ticket.js";
import type { ChangeStatusInput } from "../tickets/change-status.js";
import type { ClaimTicketInput } from "../tickets/claim-ticket.js";
import type { CommentOnTicketInput } from "../tickets/comment-on-ticket.js";
import type { CreateTicketInput } from "../tickets/create-ticket.js";
import type { DeleteTicketInput } from "../tickets/delete-ticket.js";
import type { FindTicketsInput } from "../tickets/find-tickets.js";
import type { FollowTicketInput } from "../tickets/follow-ticket.js";
import type { ListTicketsInput } from "../tickets/list-tickets.js";
import type { MergeTicketsInput } from "../tickets/merge-tickets.js";
import type { MoveTicketInput } from "../tickets/move-ticket.js";
import type { ReleaseTicketInput } from "../tickets/release-ticket.js";
import type { ReplyToTicketInput } from "../tickets/reply-to-ticket.js";
import type { RestoreTicketInput } from "../tickets/restore-ticket.js";
import type { ShowTicketInput } from "../tickets/show-ticket.js";
import type { SplitTicketInput } from "../tickets/split-ticket.js";
import type { UnfollowTicketInput } from "../tickets/unfollow-ticket.js";
import type { UpdatePropertiesInput } from "../tickets/update-properties.js";

/** The use-case input type behind each action: the catalogue may only name their fields. */
export interface ActionInputs {
  create: CreateTicketInput;
  find: FindTicketsInput;
  show: ShowTicketInput;
  queue: ListTicketsInput;
  claim: ClaimTicketInput;
  release: ReleaseTicketInput;
  assign: AssignTicketInput;
  reply: ReplyToTicketInput;
  comment: CommentOnTicketInput;
  change_status: ChangeStatusInput;
  update_properties: UpdatePropertiesInput;
  split: SplitTicketInput;
  merge: MergeTicketsInput;
  move: MoveTicketInput;
  delete: DeleteTicketInput;
  restore: RestoreTicketInput;
  follow: FollowTicketInput;
  unfollow: UnfollowTicketInput;
  away: SetAwayInput;
  back: SetAwayInput;
  workflows: { runs?: number };
  dashboard: Record<never, never>;
  stats: StatsInput;
  token: ApiTokenActionInput;
  panel: Record<never, never>;
}

/** What kind of value an input is, so a surface can pick a widget (a user picker for `agent`). */
export const inputKinds = [
  "ticket",
  "text",
  "long_text",
  "agent",
  "status",
  "pipeline",
  "queue",
  "messages",
  "emails",
  "priority",
  "team",
  "properties",
] as const;
export type InputKind = (typeof inputKinds)[number];

export interface ActionInputDefinition<Field extends string = string> {
  /** The field of the use case's input this fills. */
  field: Field;
  kind: InputKind;
  required: boolean;
  /** Shown beside the field or in help; short (fits a Discord option description, 100 chars). */
  description: string;
}

export interface ActionDefinition<Input = Record<string, unknown>> {
  /** Short imperative label for buttons and menus (at most 24 characters). */
  label: string;
  /** One line for help texts and command descriptions (at most 100 characters). */
  description: string;
  /** True when the action changes nothing (find, show, queue). */
  readOnly: boolean;
  /** The action acts on one existing ticket (and so belongs on its card). */
  onTicket: boolean;
  inputs: readonly ActionInputDefinition<Extract<keyof Input, string>>[];
}
