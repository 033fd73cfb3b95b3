// Slack runs the shared action-parity contract: every catalogue action, done the way an agent
// does it in Slack (a signed slash command, then the modal it opens where there is one).
import { expect } from "vitest";
import type { ActionName } from "../../core/actions/catalog.js";
import { runActionParity, type ParityFixture, type PerformAction } from "../../test/action-parity.js";
import type { TestCore } from "../../test/harness.js";
import { slackTestApp, type SlackTestApp } from "./testing/app.js";
import { slashCommand, viewSubmission, type ViewValues } from "./testing/requests.js";
import { fakeSlackApi, type FakeSlackApi } from "./testing/slack-api.js";

let api: FakeSlackApi;

runActionParity("Slack", {
  async setup(t: TestCore) {
    api = fakeSlackApi();
    const s: SlackTestApp = slackTestApp(t, { publicUrl: "https://helpdesk.test" });
    const o = () => ({ nowMs: s.nowMs() });

    /** Runs `/ticket …` as Ada; returns what she was shown (text and blocks). */
    const slash = async (text: string): Promise<string> => {
      const before = api.responses.length;
      expect((await s.send(slashCommand("U0ADA", text, o()))).status).toBe(200);
      const answer = api.responses
        .slice(before)
        .map((r) => JSON.stringify(r.body))
        .join("\n");
      // A refusal would otherwise pass silently for actions checked only in the database.
      expect(answer).not.toMatch(/:(warning|no_entry|mag|raised_hand|x):/);
      return answer;
    };
    /** Runs a command that opens a modal, then submits it with `values`; returns what she was shown. */
    const viaModal = async (text: string, values: (view: OpenedView) => ViewValues): Promise<string> => {
      const before = api.of("views.open").length;
      const answered = await slash(text);
      const opened = api.of("views.open").slice(before);
      expect(opened, `/ticket ${text} opened no modal`).toHaveLength(1);
      const view = opened[0]!.body.view as OpenedView;
      const told = api.calls.length;
      const res = await s.send(viewSubmission("U0ADA", view, values(view), o()));
      expect(await res.text(), "the modal was refused").toBe("");
      // The core runs after the ack; a refusal then comes as an ephemeral message or a DM.
      const private_ = api.calls
        .slice(told)
        .filter((c) => c.method === "chat.postEphemeral" || (c.method === "chat.postMessage" && String(c.body.channel).startsWith("U")));
      expect(
        private_.map((c) => String(c.body.text)),
        "the core refused the modal",
      ).toEqual([]);
      return [answered, JSON.stringify(view)].join("\n");
    };
    const input = (value: string) => ({ type: "plain_text_input", value });
    const choice = (value: string) => ({ type: "static_select", selected_option: { value } });

    const perform = {
      create: () =>
        viaModal("new Parity created", () => ({
          subject: input("Parity created"),
          priority: choice("medium"),
          pipeline: choice("support"),
        })),
      find: (f) => slash(`find ${f.subject}`),
      show: (f) => slash(`show #${f.ticketId}`),
      queue: () => slash("queue unassigned"),
      claim: (f) => slash(`claim #${f.ticketId}`),
      release: (f) => slash(`release #${f.ticketId}`),
      assign: (f) => slash(`assign #${f.ticketId} <@U0CY|cy>`),
      reply: (f) => viaModal(`reply #${f.ticketId}`, () => ({ text: input("Parity reply") })),
      comment: (f) => slash(`comment #${f.ticketId} Parity note`),
      change_status: (f) => slash(`status #${f.ticketId} In progress`),
      update_properties: (f) => slash(`set #${f.ticketId} priority=high`),
      split: (f: ParityFixture) =>
        viaModal(`split #${f.ticketId}`, (view) => {
          const options = (view.blocks.find((b) => b.block_id === "messages")?.element?.options ?? []).map((x) => x.value);
          expect(options).toContain(f.noteId);
          return { messages: { type: "multi_static_select", selected_options: [{ value: f.noteId }] } };
        }),
      merge: (f) => slash(`merge #${f.otherTicketId} into #${f.ticketId}`),
      move: (f) => slash(`move #${f.ticketId} billing`),
      delete: (f) => slash(`delete #${f.ticketId}`),
      restore: (f) => slash(`restore #${f.ticketId}`),
      follow: (f) => slash(`follow #${f.ticketId}`),
      unfollow: (f) => slash(`unfollow #${f.ticketId}`),
      away: () => slash("away"),
      back: () => slash("back"),
      workflows: () => slash("workflows"),
      dashboard: () => slash("dashboard"),
      stats: () => slash("stats today"),
      token: () => slash("token create parity-slack <@U0CY|cy> read"),
    } satisfies Record<ActionName, PerformAction>;
    return perform;
  },
  async teardown() {
    api.done();
  },
});

interface OpenedView {
  callback_id: string;
  private_metadata: string;
  blocks: { block_id: string; element?: { options?: { value: string }[] } }[];
}
