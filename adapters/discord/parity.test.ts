// Discord runs the shared action-parity contract: every catalogue action, done the way an agent
// does it in Discord (a `/ticket` subcommand through the real client, then the modal it opens
// submitted where there is one), checked in the database by the shared expectations.
import { expect } from "vitest";
import type { ActionName } from "../../core/actions/catalog.js";
import { runActionParity, type ParityFixture, type PerformAction } from "../../test/action-parity.js";
import type { TestCore } from "../../test/harness.js";
import { discordTestClient, type DiscordTestClient } from "./testing/client.js";
import { fakeDiscordApi, type FakeDiscordApi } from "./testing/discord-api.js";
import { chatInput, FORUM, modalSubmit, type ModalValue, type OptionValue, type Who } from "./testing/payloads.js";

const ada: Who = { id: "100000000000000000", name: "Ada" };
const cy: Who = { id: "100000000000000002", name: "Cy" };
/** How every refusal or failure the adapter tells an agent begins (errorText, refusals, warnings). */
const refusal = /⛔|⚠️|🔍|✋|❌|Only help desk agents/;

let api: FakeDiscordApi;
let d: DiscordTestClient;

interface OpenedModal {
  custom_id: string;
  components: { component: { custom_id: string; options?: { value: string }[] } }[];
}

runActionParity("Discord", {
  async setup(t: TestCore) {
    api = fakeDiscordApi({ forums: [FORUM] });
    d = discordTestClient(t, { publicUrl: "https://helpdesk.test" });

    /** Feeds one interaction as Ada; returns everything she was shown in answer to it. */
    const interact = async (raw: { id: string }): Promise<{ shown: string; callback: { type: number; data: Record<string, unknown> } }> => {
      // As Discord sends it: JSON, with no undefined-valued keys.
      await d.interact(JSON.parse(JSON.stringify(raw)) as { id: string });
      const callback = api.callbackFor(raw.id);
      expect(callback, "the interaction got no initial response").toBeDefined();
      const followUps = api.webhookMessages().filter((c) => c.path.includes(`/token-${raw.id}/`));
      const shown = [JSON.stringify(callback!.data), ...followUps.map((c) => JSON.stringify(c.body))].join("\n");
      // A refusal would otherwise pass silently for actions checked only in the database.
      expect(shown, "the agent was refused").not.toMatch(refusal);
      return { shown, callback: callback! };
    };
    /** `/ticket <sub>` as Ada; returns what she was shown. */
    const command = async (sub: string, options: Record<string, OptionValue> = {}, users: Record<string, Who> = {}) => {
      const { shown, callback } = await interact(chatInput(ada, sub, options, {}, users));
      expect(callback.type, `/ticket ${sub} should defer, then answer`).toBe(5);
      return shown;
    };
    /** `/ticket <sub>` that opens a modal, then submits it with `values`. */
    const viaModal = async (
      sub: string,
      options: Record<string, OptionValue>,
      values: (modal: OpenedModal) => Record<string, ModalValue>,
    ) => {
      const { callback } = await interact(chatInput(ada, sub, options));
      expect(callback.type, `/ticket ${sub} opened no modal`).toBe(9);
      const modal = callback.data as unknown as OpenedModal;
      const { shown } = await interact(modalSubmit(ada, modal.custom_id, values(modal)));
      expect(shown).toMatch(/✅/);
      return [JSON.stringify(modal), shown].join("\n");
    };
    const ticket = (f: ParityFixture) => ({ ticket: `#${f.ticketId}` });

    const perform = {
      create: () =>
        viaModal("new", { subject: "Parity created" }, () => ({
          subject: "Parity created",
          text: "",
          requester: "",
          priority: ["medium"],
          pipeline: ["support"],
        })),
      find: (f) => command("find", { text: f.subject }),
      show: (f) => command("show", ticket(f)),
      queue: () => command("queue", { queue: "unassigned" }),
      claim: (f) => command("claim", ticket(f)),
      release: (f) => command("release", ticket(f)),
      assign: (f) => command("assign", { ...ticket(f), owner: cy.id }, { owner: cy }),
      reply: (f) => viaModal("reply", ticket(f), () => ({ text: "Parity reply", cc: "", bcc: "" })),
      comment: (f) => viaModal("comment", ticket(f), () => ({ text: "Parity note" })),
      change_status: (f) => command("status", { ...ticket(f), status: "in_progress" }),
      update_properties: (f) => command("set", { ...ticket(f), priority: "high" }),
      split: (f) =>
        viaModal("split", ticket(f), (modal) => {
          const options = (modal.components.find((l) => l.component.custom_id === "messages")?.component.options ?? []).map((o) => o.value);
          expect(options).toContain(f.noteId);
          return { messages: [f.noteId], subject: "" };
        }),
      merge: (f) => command("merge", { primary: `#${f.ticketId}`, secondary: `#${f.otherTicketId}` }),
      move: (f) => command("move", { ...ticket(f), pipeline: "billing" }),
      delete: (f) => command("delete", ticket(f)),
      restore: (f) => command("restore", ticket(f)),
      follow: (f) => command("follow", ticket(f)),
      unfollow: (f) => command("unfollow", ticket(f)),
      away: () => command("away"),
      workflows: () => command("workflows"),
      dashboard: () => command("dashboard"),
      stats: () => command("stats", { period: "today" }),
      token: () => command("token", { command: "create", name: "parity-discord", agent: cy.id, scope: "read" }, { agent: cy }),
      back: () => command("back"),
    } satisfies Record<ActionName, PerformAction>;
    return perform;
  },
  async teardown() {
    await d.destroy();
    api.done();
  },
});
