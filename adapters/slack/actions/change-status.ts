// Change status: `/ticket status #n <status> [property=value …]` (or `change_status`), or the
// card's status select. A status that needs what the ticket lacks (an owner, a team, a requester,
// custom properties) asks for it in a modal instead of refusing, when the agent can give it.
import type { InputBlock, ModalView } from "@slack/types";
import { cardActions } from "../card.js";
import { keyValues, type SlackContext, type Speech, ticketArg } from "../context.js";
import { inputValue, metadataTicket, type ModalMetadata, modal, modalIds, option, plain, select, textInput } from "../modals.js";
import { done } from "../render.js";
import { actionModal, type SlackAction } from "./types.js";
import {
  activeAgents,
  type Actor,
  canSeeTeam,
  type Catalog,
  changeStatus,
  invalid,
  isHelpdeskError,
  type LocalizedName,
  msg,
  optionName,
  normaliseEmail,
  precheckRequiredFields,
  showTicket,
  type StatusDefinition,
  type TicketView,
  ticketNames,
  validateProperties,
} from "../../../core/index.js";

/** What the status modal offers for the ticket's own fields a status may require. */
interface StatusModalChoices {
  /** The required built-in fields the ticket lacks (`owner`, `team`, `contact`). */
  missing: readonly string[];
  /** Agents who may own the ticket, by id. */
  agents: readonly { id: string; name: string }[];
  /** Teams the acting agent may put the ticket in. */
  teams: readonly { id: string; name: string; names: LocalizedName }[];
  /** The ticket's custom property values, to start from. */
  properties?: Record<string, unknown>;
  /** The ticket's team now (null: none), kept in the modal so its submission can check an owner. */
  teamId?: string | null;
}

/**
 * The built-in fields `status` requires that the ticket lacks and the modal could not offer (no
 * team the agent may choose, no agent who may own it): a modal without them could never succeed.
 */
function unofferableFields(status: StatusDefinition, choices: StatusModalChoices): string[] {
  return status.requiredProperties.filter(
    (name) =>
      choices.missing.includes(name) && ((name === "owner" && !choices.agents.length) || (name === "team" && !choices.teams.length)),
  );
}

/** The ticket's own owner, team or requester, when the status requires it and the ticket lacks it. */
function builtInInput({ f, say }: Speech, name: string, choices: StatusModalChoices): InputBlock[] {
  if (!choices.missing.includes(name)) return [];
  switch (name) {
    case "owner":
      return choices.agents.length
        ? [
            select(
              "owner",
              say(msg("card.owner")),
              choices.agents.map((a) => option(a.name, a.id)),
            ),
          ]
        : [];
    case "team":
      return choices.teams.length
        ? [
            select(
              "team",
              say(msg("card.team")),
              choices.teams.map((t) => option(f.name(t.names), t.id)),
            ),
          ]
        : [];
    case "contact":
      return [
        {
          type: "input",
          block_id: "contact",
          label: plain(say(msg("compose.requesterEmail"))),
          element: { type: "email_text_input", action_id: "value" },
          hint: plain(say(msg("manage.requesterHintSlack"))),
        },
      ];
    default:
      return [];
  }
}

/**
 * Asks for what a status requires before the ticket can enter it: the ticket's own owner, team
 * and requester when it lacks them (block ids `owner`, `team`, `contact`, the names the core's
 * errors use), and the custom properties (`properties.<name>`).
 */
function statusModal(
  speech: Speech,
  catalog: Catalog,
  ticketId: number,
  status: StatusDefinition,
  choices: StatusModalChoices = { missing: [], agents: [], teams: [] },
): ModalView {
  const { f, say } = speech;
  const blocks = status.requiredProperties.flatMap((name): InputBlock[] => {
    const p = catalog.property(name);
    if (!p) return builtInInput(speech, name, choices);
    const label = f.name(p.labels);
    const current = choices.properties?.[name];
    const initial = current === undefined || current === null ? undefined : String(current);
    if (p.type === "select")
      return [
        select(
          `properties.${name}`,
          label,
          (p.options ?? []).map((o) => option(optionName(p, o, f), o)),
          { initial },
        ),
      ];
    if (p.type === "boolean")
      return [
        select(`properties.${name}`, label, [option(say(msg("manage.yes")), "true"), option(say(msg("manage.no")), "false")], { initial }),
      ];
    return [
      textInput(`properties.${name}`, label, {
        multiline: p.type === "text",
        hint: p.type === "date" ? say(msg("manage.dateHint")) : "",
        initial,
      }),
    ];
  });
  const meta: ModalMetadata = { ticketId, statusId: status.id, ...(choices.teamId !== undefined ? { teamId: choices.teamId } : {}) };
  return modal(
    say,
    "status",
    say(msg("manage.setStatusTitle", { status: f.name(status.names) })),
    say(msg("manage.setStatus")),
    blocks,
    meta,
  );
}

/** The owners and teams the status modal offers, and which of the ticket's own fields it lacks. */
async function statusChoices({ deps }: SlackContext, actor: Actor, ticket: TicketView): Promise<StatusModalChoices> {
  const missing = [...(ticket.owner ? [] : ["owner"]), ...(ticket.team ? [] : ["team"]), ...(ticket.contact ? [] : ["contact"])];
  const agents = await activeAgents(deps);
  const me = actor.type === "agent" ? agents.find((a) => a.id === actor.agentId) : undefined;
  return {
    missing,
    // An owner must see the ticket; while its team is still to be chosen, any agent may be picked (the core checks the pair).
    agents: agents.filter((a) => canSeeTeam(a, ticket.team?.id ?? null)),
    teams: deps.catalog.config.teams.filter((t) => me && canSeeTeam(me, t.id)),
    properties: ticket.properties,
    teamId: ticket.team?.id ?? null,
  };
}

export const change_status = {
  command: {
    word: "status",
    aliases: ["change_status"],
    usage: "status <#n> <status> [property=value …]",
    async run({ deps }, inv) {
      const ticketId = ticketArg(inv.args);
      const d = await showTicket(deps, { ticketId }, inv.actor);
      const wanted = inv.rest
        .replace(/\s*[a-z_]+=.*$/i, "")
        .trim()
        .toLowerCase();
      const status = deps.catalog
        .pipeline(d.ticket.pipeline.id)
        ?.statuses.find((s) => s.id === wanted || Object.values({ en: s.name, ...s.names }).some((n) => n.toLowerCase() === wanted));
      const { f, say } = inv.speech;
      if (!status) throw invalid(msg("manage.noStatusIn", { pipeline: ticketNames(deps.catalog, d.ticket, f).pipeline, status: wanted }));
      const t = await changeStatus(deps, { ticketId, statusId: status.id, properties: keyValues(inv.rest) }, inv.actor);
      return done(say(msg("manage.statusNow", { number: t.number, status: ticketNames(deps.catalog, t, f).status })));
    },
  },
  card: {
    actionId: cardActions.status,
    async run(ctx, { actor, action, open, speech }) {
      const { deps } = ctx;
      // The option's value carries the ticket too: "<statusId>:<ticketId>".
      const [statusId, ticket] = ((action as { selected_option?: { value: string } }).selected_option?.value ?? "").split(":");
      const ticketId = Number(ticket);
      try {
        await changeStatus(deps, { ticketId, statusId: statusId! }, actor);
      } catch (e) {
        // A status that needs properties: ask for them in a modal instead of refusing.
        const missing = isHelpdeskError(e) && e.code === "invalid" ? Object.keys(e.fields ?? {}) : [];
        const d = missing.length ? await showTicket(deps, { ticketId }, actor) : null;
        const status = d && deps.catalog.status(d.ticket.pipeline.id, statusId!);
        if (!d || !status?.requiredProperties.some((p) => missing.includes(p))) throw e;
        const choices = await statusChoices(ctx, actor, d.ticket);
        // A required field the modal cannot offer (a team, and none the agent may choose; an owner,
        // and nobody who may own it): the modal could never be submitted, so refuse now instead.
        const cannot = unofferableFields(status, choices);
        if (cannot.length) {
          throw invalid(
            msg("manage.statusUnofferable", {
              status: speech.f.name(status.names),
              id: ticketId,
              team: cannot.includes("team"),
              owner: cannot.includes("owner"),
            }),
          );
        }
        const view = statusModal(speech, deps.catalog, ticketId, status, choices);
        // Nothing the agent could fill in here: refuse with the core's own message.
        if (!view.blocks.length) throw e;
        await open(view);
      }
    },
  },
  modal: actionModal({
    callbackId: modalIds.status,
    build: statusModal,
    check(ctx, view, meta, userId) {
      const raw: Record<string, string | null> = {};
      for (const block of Object.keys(view.state.values)) {
        if (block.startsWith("properties.")) raw[block.slice("properties.".length)] = inputValue(view, block) ?? null;
      }
      // Numbers, dates and choices are checked against the catalogue here, beside their fields.
      const properties = validateProperties(ctx.deps.catalog, raw);
      // The ticket's own fields, when the modal asked for them: checked here against the configured
      // teams and agents, so a wrong pick shows on its field and what was typed stays in the modal.
      // The core checks them all again (and agents only the database knows, from user groups).
      const teamId = inputValue(view, "team");
      const ownerId = inputValue(view, "owner");
      precheckRequiredFields(ctx.deps.catalog, { surface: "slack", userId }, { teamId, ownerId }, meta.teamId);
      const email = inputValue(view, "contact");
      if (email) {
        try {
          normaliseEmail(email);
        } catch {
          throw invalid(msg("errors.notEmailAddress", { email }), { contact: msg("fields.notEmailAddress") });
        }
      }
      return {
        ticketId: metadataTicket(meta),
        statusId: meta.statusId ?? "",
        properties,
        ownerId,
        teamId,
        requester: email ? { email } : undefined,
      };
    },
    run: ({ deps }, actor, input) => changeStatus(deps, input, actor),
    ticket: (input) => input.ticketId,
  }),
} satisfies SlackAction;
