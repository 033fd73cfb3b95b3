// The one list of what an agent can do, with the inputs each action takes. Chat adapters offer
// every entry (a parity test per surface walks this list), and manifest/ generates the Slack app
// manifest and Discord command definitions from it. Plain data: no platform imports.
import { actions as jaActions } from "../i18n/ja/actions.js";
import type { Locale } from "../i18n/locale.js";
import type { ChatSurface } from "../outbox/delivery.js";
import type { ActionDefinition, ActionInputs } from "./action-inputs.js";

/** Every agent action, in the order help texts list them. */
export const actionNames = [
  "create",
  "find",
  "show",
  "queue",
  "claim",
  "release",
  "assign",
  "reply",
  "comment",
  "change_status",
  "update_properties",
  "split",
  "merge",
  "move",
  "delete",
  "restore",
  "follow",
  "unfollow",
  "away",
  "back",
  "workflows",
  "dashboard",
  "stats",
  "token",
] as const;
export type ActionName = (typeof actionNames)[number];

/**
 * Actions only one chat surface offers, by that surface: what they do exists on the other surface
 * some other way, or not at all. They are not in `actionNames` (which every surface offers, and
 * the parity suites walk); each surface's registry and commands take `ActionOn<its surface>`.
 */
export const surfaceActionNames = {
  /** A support panel customers open tickets from: Slack's customers come through connected channels. */
  panel: "discord",
} as const satisfies Record<string, ChatSurface>;
export type SurfaceActionName = keyof typeof surfaceActionNames;

/** Every action of the catalogue, offered on every surface or on one. */
export type AnyActionName = ActionName | SurfaceActionName;

/** The actions a surface offers: every surface's, and its own. */
export type ActionOn<S extends ChatSurface> =
  ActionName | { [K in SurfaceActionName]: (typeof surfaceActionNames)[K] extends S ? K : never }[SurfaceActionName];

/** The names of the actions a surface offers, every surface's first (in help order), then its own. */
export function actionNamesOn<S extends ChatSurface>(surface: S): ActionOn<S>[] {
  const own = (Object.keys(surfaceActionNames) as SurfaceActionName[]).filter((n) => surfaceActionNames[n] === surface);
  return [...actionNames, ...own] as ActionOn<S>[];
}

export { inputKinds, type ActionDefinition, type ActionInputDefinition, type ActionInputs, type InputKind } from "./action-inputs.js";

const ticket = { field: "ticketId", kind: "ticket", required: true, description: "The ticket, e.g. #123." } as const;
const awayAgent = {
  field: "agentId",
  kind: "agent",
  required: false,
  description: "Another agent (admins only); yourself if left out.",
} as const;

/** The catalogue. `satisfies` keeps every entry's inputs checked against its use case's input. */
export const actionCatalog = {
  create: {
    label: "New ticket",
    description: "Open a ticket by hand.",
    readOnly: false,
    onTicket: false,
    inputs: [
      { field: "subject", kind: "text", required: true, description: "What the request is about." },
      { field: "text", kind: "long_text", required: false, description: "The request as the customer put it." },
      { field: "priority", kind: "priority", required: false, description: "low, medium, high or urgent." },
      { field: "teamId", kind: "team", required: false, description: "Restrict the ticket to a team." },
    ],
  },
  find: {
    label: "Find",
    description: "Find tickets by number, subject or requester.",
    readOnly: true,
    onTicket: false,
    inputs: [{ field: "text", kind: "text", required: true, description: "A number, words of the subject, or an email." }],
  },
  show: { label: "Show", description: "Show a ticket with its latest messages.", readOnly: true, onTicket: true, inputs: [ticket] },
  queue: {
    label: "Queue",
    description: "List open tickets: mine, unassigned, team, all, or auto-replies and bounces.",
    readOnly: true,
    onTicket: false,
    inputs: [
      { field: "queue", kind: "queue", required: true, description: "mine, unassigned, team, all_open, auto or breaching (SLA due soon)." },
    ],
  },
  claim: { label: "Claim", description: "Take an unassigned ticket.", readOnly: false, onTicket: true, inputs: [ticket] },
  release: {
    label: "Release",
    description: "Give your ticket back to the unassigned queue.",
    readOnly: false,
    onTicket: true,
    inputs: [ticket],
  },
  assign: {
    label: "Assign",
    description: "Give a ticket to an agent.",
    readOnly: false,
    onTicket: true,
    inputs: [ticket, { field: "ownerId", kind: "agent", required: true, description: "The new owner." }],
  },
  reply: {
    label: "Reply",
    description: "Write to the customer, optionally changing the status.",
    readOnly: false,
    onTicket: true,
    inputs: [
      ticket,
      { field: "text", kind: "long_text", required: true, description: "What the customer reads." },
      { field: "cc", kind: "emails", required: false, description: "Copy these addresses." },
      { field: "bcc", kind: "emails", required: false, description: "Blind-copy these addresses." },
      { field: "statusId", kind: "status", required: false, description: "Status to set with the reply." },
    ],
  },
  comment: {
    label: "Comment",
    description: "Leave an internal note; @mentions notify agents.",
    readOnly: false,
    onTicket: true,
    inputs: [ticket, { field: "text", kind: "long_text", required: true, description: "The note; the customer never sees it." }],
  },
  change_status: {
    label: "Change status",
    description: "Move a ticket to another status of its pipeline.",
    readOnly: false,
    onTicket: true,
    inputs: [
      ticket,
      { field: "statusId", kind: "status", required: true, description: "The new status." },
      { field: "properties", kind: "properties", required: false, description: "Values the status requires." },
    ],
  },
  update_properties: {
    label: "Edit",
    description: "Change subject, priority, team or custom properties.",
    readOnly: false,
    onTicket: true,
    inputs: [
      ticket,
      { field: "subject", kind: "text", required: false, description: "New subject." },
      { field: "priority", kind: "priority", required: false, description: "low, medium, high or urgent." },
      { field: "teamId", kind: "team", required: false, description: "Team, or none." },
      { field: "properties", kind: "properties", required: false, description: "Custom property values." },
    ],
  },
  split: {
    label: "Split",
    description: "Move chosen messages into a new ticket.",
    readOnly: false,
    onTicket: true,
    inputs: [ticket, { field: "messageIds", kind: "messages", required: true, description: "The messages to move." }],
  },
  merge: {
    label: "Merge",
    description: "Fold another ticket into this one.",
    readOnly: false,
    onTicket: true,
    inputs: [
      { field: "primaryId", kind: "ticket", required: true, description: "The ticket that lives on." },
      { field: "secondaryId", kind: "ticket", required: true, description: "The ticket folded in and closed." },
    ],
  },
  move: {
    label: "Move",
    description: "Move a ticket to another pipeline.",
    readOnly: false,
    onTicket: true,
    inputs: [ticket, { field: "pipelineId", kind: "pipeline", required: true, description: "The pipeline to move to." }],
  },
  delete: { label: "Delete", description: "Delete a ticket (an admin can restore it).", readOnly: false, onTicket: true, inputs: [ticket] },
  restore: { label: "Restore", description: "Bring back a deleted ticket (admins).", readOnly: false, onTicket: true, inputs: [ticket] },
  follow: {
    label: "Follow",
    description: "Be told about a ticket's replies and comments.",
    readOnly: false,
    onTicket: true,
    inputs: [ticket],
  },
  unfollow: { label: "Unfollow", description: "Stop following a ticket.", readOnly: false, onTicket: true, inputs: [ticket] },
  away: {
    label: "Away",
    description: "Be passed over by assignment rules until you are back (admins: for another agent).",
    readOnly: false,
    onTicket: false,
    inputs: [awayAgent],
  },
  back: {
    label: "Back",
    description: "Be given tickets by assignment rules again (admins: for another agent).",
    readOnly: false,
    onTicket: false,
    inputs: [awayAgent],
  },
  workflows: {
    label: "Workflows",
    description: "The workflows and their last runs (admins).",
    readOnly: true,
    onTicket: false,
    inputs: [],
  },
  dashboard: {
    label: "Dashboard",
    description: "A one-time link, only for you, that signs you in to the KPI dashboard.",
    readOnly: true,
    onTicket: false,
    inputs: [],
  },
  stats: {
    label: "Stats",
    description: "Headline KPIs of a period against their targets (only you see them).",
    readOnly: true,
    onTicket: false,
    inputs: [
      {
        field: "period",
        kind: "text",
        required: false,
        description: "today, 7d, 30d (default), 90d, this_month, last_month or 2026-01-01..2026-01-31.",
      },
      { field: "teamId", kind: "team", required: false, description: "One team; every team you can see if left out." },
    ],
  },
  panel: {
    label: "Support panel",
    description: "Post a button customers open private tickets with, in this channel (admins).",
    readOnly: false,
    onTicket: false,
    inputs: [],
  },
  token: {
    label: "API tokens",
    description: "Create, revoke or list REST API tokens (admins; the secret is shown only to you).",
    readOnly: false,
    onTicket: false,
    inputs: [
      { field: "command", kind: "text", required: true, description: "create, revoke or list." },
      { field: "name", kind: "text", required: false, description: "The token's name, e.g. billing." },
      { field: "agentId", kind: "agent", required: false, description: "The agent a new token acts as; you if left out." },
      { field: "scope", kind: "text", required: false, description: "write (default) or read (GET requests only)." },
    ],
  },
} as const satisfies { [K in AnyActionName]: ActionDefinition<ActionInputs[K]> };

export type ActionCatalog = typeof actionCatalog;

/** The catalogue as a list, in `actionNames` order; with a surface, that surface's own actions after them. */
export function listActions(): { name: ActionName; definition: ActionDefinition }[];
export function listActions<S extends ChatSurface>(surface: S): { name: ActionOn<S>; definition: ActionDefinition }[];
export function listActions(surface?: ChatSurface): { name: AnyActionName; definition: ActionDefinition }[] {
  const names: readonly AnyActionName[] = surface ? actionNamesOn(surface) : actionNames;
  return names.map((name) => ({ name, definition: actionCatalog[name] }));
}

/** What an action is called and says in one language (the labels of buttons, help, command descriptions). */
export interface ActionText {
  label: string;
  description: string;
  /** An input's description, by its field. */
  input(field: string): string;
}

/** The catalogue's texts for an action in a language (core/i18n/ja/actions.ts for Japanese). */
export function actionText(name: AnyActionName, locale: Locale): ActionText {
  const def: ActionDefinition = actionCatalog[name];
  const english = (field: string) => def.inputs.find((i) => i.field === field)?.description ?? "";
  if (locale === "en") return { label: def.label, description: def.description, input: english };
  const t = jaActions[name];
  const inputs = t.inputs as Readonly<Record<string, string>>;
  return { label: t.label, description: t.description, input: (field) => inputs[field] ?? english(field) };
}
