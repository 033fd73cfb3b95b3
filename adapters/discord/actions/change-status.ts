// Change status: a ticket moves to another status of its pipeline, with `/ticket status` or the
// card's status select. Right away when nothing more is needed; else the status modal first asks
// for what the status requires (owner, team, requester, custom fields), all set with the change.
// @see https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-response-object-modal
import { type APILabelComponent, ComponentType } from "discord.js";
import { checkEmail, deferPrivately, done, subjectOf } from "../action-helpers.js";
import { choice, staleNotice, thenResetCard } from "../card-controls.js";
import { propertiesOption, statusIdOf, ticketFor } from "../command-options.js";
import { chosenAgent, speech, type Speech, tell, type DiscordContext } from "../context.js";
import { modalId } from "../custom-ids.js";
import { fitSafe, limits, oneLine } from "../escape.js";
import {
  label,
  modal,
  modalLimits,
  type Modal,
  type ModalOpener,
  option,
  selectValues,
  stringSelect,
  textField,
  textInput,
  ticketPart,
} from "../modal-views.js";
import type { DiscordAction } from "./types.js";
import {
  type Actor,
  type Catalog,
  changeStatus as changeTicketStatus,
  invalid,
  missingRequirements,
  msg,
  type Msg,
  optionName,
  parseJsonObject,
  type PropertyDefinition,
  type StatusDefinition,
  ticketBrief,
  ticketNames,
  validateProperties,
} from "../../../core/index.js";

/** A status's required field still empty on the ticket: a built-in one or a custom property. */
export type StatusRequirement =
  | { name: "owner" | "contact"; label: string }
  | { name: "team"; label: string; teams: { id: string; name: string }[] }
  | { name: string; label: string; property: PropertyDefinition };

/** The custom id of the field that fills a requirement in the status modal. */
const requirementField = (name: string) => `req.${name}`;

/** What a status still needs on a ticket, with what the status modal needs to ask for it. */
function statusRequirements(
  { f, say }: Speech,
  catalog: Catalog,
  status: StatusDefinition,
  ticket: { ownerId: string | null; teamId: string | null; contactId: string | null; properties: string },
): StatusRequirement[] {
  const missing = missingRequirements(catalog, status, { ...ticket, properties: parseJsonObject(ticket.properties) });
  return missing.flatMap((name): StatusRequirement[] => {
    if (name === "owner") return [{ name, label: say(msg("card.owner")) }];
    if (name === "contact") return [{ name, label: say(msg("compose.requesterEmail")) }];
    if (name === "team")
      return [{ name, label: say(msg("card.team")), teams: catalog.config.teams.map((t) => ({ id: t.id, name: f.name(t.names) })) }];
    const property = catalog.property(name);
    return property ? [{ name, label: f.name(property.labels), property }] : [];
  });
}

/** Renders a catalogue message for whoever reads it. */
type Say = (m: Msg) => string;

/** Whether a status goes by `typed` (its id, or a name in any language, in any case). */
const isStatus = (s: StatusDefinition, typed: string): boolean =>
  s.id === typed || Object.values({ en: s.name, ...s.names }).some((n) => n.toLowerCase() === typed.trim().toLowerCase());

/**
 * When a status needs more fields than one modal can ask (five), none is asked: a form that
 * could not be completed would only be refused on submit, losing what was typed. The agent is
 * told every field, and how to set the custom ones first by their keys.
 */
function tooManyRequirements(say: Say, ticketId: number, statusName: string, missing: readonly StatusRequirement[]): string {
  // Labels come from the config: escaped. Keys are shown as code, so agents can type them.
  const key = (name: string) => `\`${name.replace(/`/g, "'")}\``;
  const named = missing.map((r) => `${fitSafe(oneLine(r.label), 100)}${"property" in r ? ` (${key(r.name)})` : ""}`);
  const pairs = missing.filter((r) => "property" in r).map((r) => `${r.name.replace(/`/g, "'")}=…`);
  const status = subjectOf(statusName);
  return [
    `⚠️ ${say(msg("manage.tooManyFields", { status, id: ticketId, count: missing.length, max: modalLimits.components, names: named }))}`,
    pairs.length ? say(msg("manage.setCustomFirst", { status, pairs: pairs.join(" ") })) : say(msg("manage.setSomeFirst", { status })),
  ].join("\n");
}

/**
 * Whether a select can offer these values as they are: one to 25 of them (Discord refuses an
 * empty select and holds 25), none longer than an option's 100-character value, none twice.
 * Otherwise the field is a text input, so no value is lost or cut.
 * @see https://discord.com/developers/docs/components/reference#string-select
 */
function fitsSelect(values: readonly string[]): boolean {
  return (
    values.length > 0 &&
    values.length <= limits.selectOptions &&
    values.every((v) => v.length <= limits.selectOptionValue) &&
    new Set(values).size === values.length
  );
}

const oneOfHint = (say: Say, values: readonly string[]) =>
  say(values.length ? msg("manage.typeOneOf", { items: values }) : msg("manage.typeItsValue"));
/**
 * Asks for what a status requires before the ticket can enter it (at most five fields: the
 * caller says when more are missing).
 * @see https://discord.com/developers/docs/components/reference#user-select
 */
function statusModal(
  { f, say }: Speech,
  ticketId: number,
  statusId: string,
  missing: readonly StatusRequirement[],
  statusName = statusId,
): Modal {
  const labels = missing.map((r): APILabelComponent => {
    const id = requirementField(r.name);
    if ("property" in r) {
      const p = r.property;
      if (p.type === "select") {
        const values = p.options ?? [];
        if (fitsSelect(values))
          return label(
            r.label,
            stringSelect(
              id,
              values.map((o) => option(optionName(p, o, f), o)),
            ),
          );
        return label(r.label, textInput(id, { required: true, placeholder: values.join(", ") }), oneOfHint(say, values));
      }
      if (p.type === "boolean")
        return label(r.label, stringSelect(id, [option(say(msg("manage.yes")), "true"), option(say(msg("manage.no")), "false")]));
      return label(
        r.label,
        textInput(id, {
          long: p.type === "text",
          required: true,
          ...(p.type === "date" ? { placeholder: say(msg("manage.dateHint")), max: 10 } : {}),
        }),
      );
    }
    if (r.name === "owner")
      return label(
        r.label,
        { type: ComponentType.UserSelect, custom_id: id, required: true, min_values: 1, max_values: 1 },
        say(msg("manage.ownerHint")),
      );
    if ("teams" in r) {
      if (fitsSelect(r.teams.map((t) => t.id)))
        return label(
          r.label,
          stringSelect(
            id,
            r.teams.map((t) => option(t.name, t.id)),
          ),
          say(msg("manage.teamHint")),
        );
      return label(
        r.label,
        textInput(id, { required: true, max: 200, placeholder: r.teams.map((t) => t.name).join(", ") }),
        say(msg("manage.teamTypeHint")),
      );
    }
    return label(
      r.label,
      textInput(id, { required: true, max: 320, placeholder: "name@example.com" }),
      say(msg("manage.requesterHintDiscord")),
    );
  });
  return modal(modalId("status", ticketId, statusId), say(msg("manage.setStatusTitle", { status: statusName })), labels, say);
}

/**
 * Moves a ticket to a status of its pipeline (given by id, or by name as typed): right away when
 * nothing more is needed (deferring first), or by opening the status modal as the first answer
 * when the status requires fields the ticket lacks. A ticket the agent may not see, or any other
 * refusal, is left to the core, so its message is the one the agent reads. Values typed with the
 * command (`properties`) go straight to the core, which names anything still missing; a status
 * missing more than a modal holds is explained instead of asked for in part.
 */
async function openStatusChange(
  ctx: DiscordContext,
  i: ModalOpener,
  actor: Actor,
  ticketId: number,
  statusId: string,
  properties?: Record<string, string>,
): Promise<void> {
  const { deps } = ctx;
  const sp = speech(ctx, i);
  if (properties) {
    // Values typed with the command: the core checks them and names anything still missing.
    await deferPrivately(i);
    const t = await changeTicketStatus(deps, { ticketId, statusId: await statusIdOf(ctx, ticketId, actor, statusId), properties }, actor);
    return void (await tell(i, statusNow(ctx, sp, t)));
  }
  // The one read before the modal (which must be the first answer): the ticket, if the agent may see it.
  const row = await ticketBrief(deps, ticketId, actor);
  const pipeline = row ? deps.catalog.pipeline(row.pipelineId) : undefined;
  const status = pipeline?.statuses.find((s) => s.id === statusId) ?? pipeline?.statuses.find((s) => isStatus(s, statusId));
  const askable = row && status && status.id !== row.statusId && !row.deletedAt && row.mergedIntoId === null;
  const missing = askable ? statusRequirements(sp, deps.catalog, status, row) : [];
  const name = status && sp.f.name(status.names);
  if (status && missing.length > modalLimits.components)
    return void (await tell(i, tooManyRequirements(sp.say, ticketId, name ?? status.id, missing)));
  if (status && missing.length) return void (await i.showModal(statusModal(sp, ticketId, status.id, missing, name)));
  await deferPrivately(i);
  const t = await changeTicketStatus(deps, { ticketId, statusId: status?.id ?? statusId }, actor);
  await tell(i, statusNow(ctx, sp, t));
}

/** "#12 is **Waiting** now.", in the agent's language. */
function statusNow(ctx: DiscordContext, { f, say }: Speech, t: Parameters<typeof ticketNames>[1] & { number: string }): string {
  const status = `**${subjectOf(ticketNames(ctx.deps.catalog, t, f).status)}**`;
  return done(say(msg("manage.statusNow", { number: t.number, status })));
}

export const changeStatus = {
  async command(ctx, i, actor) {
    const properties = propertiesOption(i);
    await openStatusChange(ctx, i, actor, await ticketFor(ctx, i), i.options.getString("status", true), properties);
  },
  card: {
    async status(ctx, i, actor, ticketId) {
      const statusId = choice(i);
      if (!statusId || !i.isStringSelectMenu()) return tell(i, staleNotice(speech(ctx, i).say));
      return thenResetCard(ctx, i, ticketId, () => openStatusChange(ctx, i, actor, ticketId, statusId));
    },
  },
  modals: { status: statusModal },
  submit: {
    /**
     * Fills what the status requires and changes the status in one core action: owner, team,
     * requester and custom properties are set with the change, or, when it is refused, not at all.
     */
    async status(ctx, i, actor, parts) {
      await deferPrivately(i);
      const { deps } = ctx;
      const sp = speech(ctx, i);
      const ticketId = ticketPart(parts);
      const statusId = parts[1] ?? "";
      // A text input stands in for a select whose options do not fit one: typed, so trimmed.
      const value = (name: string) => textField(i, requirementField(name)).trim() || selectValues(i, requirementField(name))[0] || "";
      const names = [...i.fields.fields.keys()]
        .filter((id) => id.startsWith(requirementField("")))
        .map((id) => id.slice(requirementField("").length));
      const builtIn = new Set(["owner", "team", "contact"]);
      // Checked before anything is written, so a bad value changes nothing.
      const properties = validateProperties(
        deps.catalog,
        Object.fromEntries(names.filter((n) => !builtIn.has(n)).map((n) => [n, value(n)])),
      );
      let ownerId: string | undefined;
      if (names.includes("owner")) {
        // A member of the agent role counts, as when they act themselves.
        const id = requirementField("owner");
        const user = i.fields.getSelectedUsers(id)?.first();
        const chosen = user ? await chosenAgent(ctx, i.guildId, user, i.fields.getSelectedMembers(id)?.get(user.id)) : null;
        if (!chosen) throw invalid(msg("manage.ownerChooseAgent"), { owner: msg("manage.notAnAgent") });
        ownerId = chosen;
      }
      const typedTeam = names.includes("team") ? value("team") : "";
      const wantedTeam = typedTeam.toLowerCase();
      const team =
        deps.catalog.config.teams.find((t) => t.id === typedTeam) ??
        deps.catalog.config.teams.find((t) => Object.values({ en: t.name, ...t.names }).some((n) => n.toLowerCase() === wantedTeam));
      if (names.includes("team") && !team) throw invalid(msg("manage.teamChooseOne"), { team: msg("fields.unknownTeam") });
      const teamId = team?.id ?? "";
      const email = names.includes("contact") ? checkEmail("contact", sp.say(msg("compose.requesterEmail")), value("contact").trim()) : "";
      const t = await changeTicketStatus(
        deps,
        { ticketId, statusId, properties, ownerId, teamId: teamId || undefined, requester: email ? { email } : undefined },
        actor,
      );
      await tell(i, statusNow(ctx, sp, t));
    },
  },
} satisfies DiscordAction;
