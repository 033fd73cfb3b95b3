// Change status: a ticket moves to another status of its pipeline, with `/ticket status` or the
// card's status select. Right away when nothing more is needed; else the status modal first asks
// for what the status requires (owner, team, requester, custom fields), all set with the change.
// @see https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-response-object-modal
import { type APILabelComponent, ComponentType } from "discord.js";
import { checkEmail, deferPrivately, done, subjectOf } from "../action-helpers.js";
import { choice, staleText, thenResetCard } from "../card-controls.js";
import { propertiesOption, statusIdOf, ticketFor } from "../command-options.js";
import { chosenAgent, tell, type DiscordContext } from "../context.js";
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
  parseJsonObject,
  type PropertyDefinition,
  type StatusDefinition,
  ticketBrief,
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
  catalog: Catalog,
  status: StatusDefinition,
  ticket: { ownerId: string | null; teamId: string | null; contactId: string | null; properties: string },
): StatusRequirement[] {
  const missing = missingRequirements(catalog, status, { ...ticket, properties: parseJsonObject(ticket.properties) });
  return missing.flatMap((name): StatusRequirement[] => {
    if (name === "owner") return [{ name, label: "Owner" }];
    if (name === "contact") return [{ name, label: "Requester email" }];
    if (name === "team") return [{ name, label: "Team", teams: catalog.config.teams.map((t) => ({ id: t.id, name: t.name })) }];
    const property = catalog.property(name);
    return property ? [{ name, label: property.label, property }] : [];
  });
}

/**
 * When a status needs more fields than one modal can ask (five), none is asked: a form that
 * could not be completed would only be refused on submit, losing what was typed. The agent is
 * told every field, and how to set the custom ones first by their keys.
 */
function tooManyRequirements(ticketId: number, statusName: string, missing: readonly StatusRequirement[]): string {
  // Labels come from the config: escaped. Keys are shown as code, so agents can type them.
  const key = (name: string) => `\`${name.replace(/`/g, "'")}\``;
  const named = missing.map((r) => `${fitSafe(oneLine(r.label), 100)}${"property" in r ? ` (${key(r.name)})` : ""}`);
  const pairs = missing.filter((r) => "property" in r).map((r) => `${r.name.replace(/`/g, "'")}=…`);
  const status = subjectOf(statusName);
  return [
    `⚠️ To set **${status}**, #${ticketId} still needs ${missing.length} fields, more than one form can ask for (${modalLimits.components}): ${named.join(", ")}.`,
    pairs.length
      ? `Set the custom ones first with \`/ticket set properties: ${pairs.join(" ")}\` (or give them with \`/ticket status\` in its \`properties\` option), then choose **${status}** again.`
      : `Set some of them first (\`/ticket assign\`, \`/ticket set\`), then choose **${status}** again.`,
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

const oneOfHint = (values: readonly string[]) => (values.length ? `Type one of: ${values.join(", ")}` : "Type its value.");
/**
 * Asks for what a status requires before the ticket can enter it (at most five fields: the
 * caller says when more are missing).
 * @see https://discord.com/developers/docs/components/reference#user-select
 */
function statusModal(ticketId: number, statusId: string, missing: readonly StatusRequirement[], statusName = statusId): Modal {
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
              values.map((o) => option(o, o)),
            ),
          );
        return label(r.label, textInput(id, { required: true, placeholder: values.join(", ") }), oneOfHint(values));
      }
      if (p.type === "boolean") return label(r.label, stringSelect(id, [option("Yes", "true"), option("No", "false")]));
      return label(
        r.label,
        textInput(id, { long: p.type === "text", required: true, ...(p.type === "date" ? { placeholder: "YYYY-MM-DD", max: 10 } : {}) }),
      );
    }
    if (r.name === "owner")
      return label(
        r.label,
        { type: ComponentType.UserSelect, custom_id: id, required: true, min_values: 1, max_values: 1 },
        "The agent who will own the ticket.",
      );
    if ("teams" in r) {
      if (fitsSelect(r.teams.map((t) => t.id)))
        return label(
          r.label,
          stringSelect(
            id,
            r.teams.map((t) => option(t.name, t.id)),
          ),
          "Only this team's agents will see the ticket.",
        );
      return label(
        r.label,
        textInput(id, { required: true, max: 200, placeholder: r.teams.map((t) => t.name).join(", ") }),
        "Type the team's name. Only its agents will see the ticket.",
      );
    }
    return label(r.label, textInput(id, { required: true, max: 320, placeholder: "name@example.com" }), "The requester's email address.");
  });
  return modal(modalId("status", ticketId, statusId), `Set ${statusName}`, labels);
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
  if (properties) {
    // Values typed with the command: the core checks them and names anything still missing.
    await deferPrivately(i);
    const t = await changeTicketStatus(deps, { ticketId, statusId: await statusIdOf(ctx, ticketId, actor, statusId), properties }, actor);
    return void (await tell(i, done(`${t.number} is **${subjectOf(t.status.name)}** now.`)));
  }
  // The one read before the modal (which must be the first answer): the ticket, if the agent may see it.
  const row = await ticketBrief(deps, ticketId, actor);
  const pipeline = row ? deps.catalog.pipeline(row.pipelineId) : undefined;
  const wanted = statusId.trim().toLowerCase();
  const status = pipeline?.statuses.find((s) => s.id === statusId) ?? pipeline?.statuses.find((s) => s.name.toLowerCase() === wanted);
  const askable = row && status && status.id !== row.statusId && !row.deletedAt && row.mergedIntoId === null;
  const missing = askable ? statusRequirements(deps.catalog, status, row) : [];
  if (status && missing.length > modalLimits.components) return void (await tell(i, tooManyRequirements(ticketId, status.name, missing)));
  if (status && missing.length) return void (await i.showModal(statusModal(ticketId, status.id, missing, status.name)));
  await deferPrivately(i);
  const t = await changeTicketStatus(deps, { ticketId, statusId: status?.id ?? statusId }, actor);
  await tell(i, done(`${t.number} is **${subjectOf(t.status.name)}** now.`));
}

export const changeStatus = {
  async command(ctx, i, actor) {
    const properties = propertiesOption(i);
    await openStatusChange(ctx, i, actor, await ticketFor(ctx, i), i.options.getString("status", true), properties);
  },
  card: {
    async status(ctx, i, actor, ticketId) {
      const statusId = choice(i);
      if (!statusId || !i.isStringSelectMenu()) return tell(i, staleText);
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
        if (!chosen) throw invalid("Owner: choose someone who is a help desk agent.", { owner: "Not an agent." });
        ownerId = chosen;
      }
      const typedTeam = names.includes("team") ? value("team") : "";
      const team =
        deps.catalog.config.teams.find((t) => t.id === typedTeam) ??
        deps.catalog.config.teams.find((t) => t.name.toLowerCase() === typedTeam.toLowerCase());
      if (names.includes("team") && !team) throw invalid("Team: choose one of the teams.", { team: "Unknown team." });
      const teamId = team?.id ?? "";
      const email = names.includes("contact") ? checkEmail("Requester email", value("contact").trim()) : "";
      const t = await changeTicketStatus(
        deps,
        { ticketId, statusId, properties, ownerId, teamId: teamId || undefined, requester: email ? { email } : undefined },
        actor,
      );
      await tell(i, done(`${t.number} is **${subjectOf(t.status.name)}** now.`));
    },
  },
} satisfies DiscordAction;
