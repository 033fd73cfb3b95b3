// What the support panel's tests do as a customer: fill in the form in #general (the real client
// fed the gateway's INTERACTION_CREATE), find the private thread the bot made, and read what each
// interaction was answered; and the set-up the panel's test files share.
import { parityConfig } from "../../../test/action-parity.js";
import type { DiscordPanel } from "../config.js";
import { button, GENERAL, modalSubmit, rawMessage, type Who } from "./payloads.js";
import { discordSuite, type DiscordSuite, type DiscordSuiteOptions } from "./suite.js";

export interface PanelSubmission {
  raw: { id: string };
  /** The private thread made for it, if one was. */
  thread: string | null;
}

/** The support panel as a customer uses it, over a suite whose fake API is fresh for each test. */
export function panelKit(suite: () => DiscordSuite) {
  const asJson = <T>(raw: T) => JSON.parse(JSON.stringify(raw)) as T & { id: string };

  /** A panel's channel as Discord knows it (a text channel, #general by default), so threads can be started in it. */
  const knowGeneral = (channel = GENERAL) => suite().api.channels.set(channel, { id: channel, type: 0 });

  /** A form submission as the gateway delivers it (not yet handled), in #general unless `channel` says. */
  const submission = (who: Who, subject: string, description = "My invoice is wrong.", locale?: string, channel = GENERAL) => {
    const raw = asJson(modalSubmit(who, "panel:form", { subject, description }, { channelId: channel }));
    return locale ? { ...raw, locale } : raw;
  };

  /** The private threads made in a panel's channel (#general by default) named `subject`. */
  const threadsNamed = (subject: string, channel = GENERAL) =>
    [...suite().api.channels.values()].filter((c) => c.parent_id === channel && c.name === subject).map((c) => c.id);

  /** Everything an interaction was answered: its callback and the edits and follow-ups of its reply. */
  const answered = (raw: { id: string }) => {
    const { api } = suite();
    return [
      JSON.stringify(api.callbackFor(raw.id) ?? {}),
      ...api
        .webhookMessages()
        .filter((c) => new RegExp(`/token-${raw.id}(/|$)`).test(c.path))
        .map((c) => JSON.stringify(c.body)),
    ].join("\n");
  };

  /** Submits the form and, when a thread was made, tells the client of it as the gateway would. */
  async function submit(
    who: Who,
    subject: string,
    opts: { description?: string; locale?: string; channel?: string } = {},
  ): Promise<PanelSubmission> {
    const channel = opts.channel ?? GENERAL;
    knowGeneral(channel);
    const raw = submission(who, subject, opts.description, opts.locale, channel);
    await suite().d.interact(raw);
    const thread = threadsNamed(subject, channel).at(-1) ?? null;
    if (thread) suite().d.addThread(thread, channel, 12);
    return { raw, thread };
  }

  /** The Close button under the first message of a ticket's private thread, clicked by `who`. */
  const closeClick = (who: Who, thread: string, firstMessageId: string) =>
    asJson(button(who, "panel:close", { channelId: thread, parentId: GENERAL }, rawMessage(thread, { id: firstMessageId })));

  return { asJson, knowGeneral, submission, threadsNamed, answered, submit, closeClick };
}

/** Sends a ticket's requester the satisfaction survey when the ticket closes. */
const surveyWorkflow = {
  id: "survey",
  name: "Survey",
  trigger: { on: "status_changed", to: ["closed"] },
  actions: [{ do: "send_survey" }],
};

export interface PanelSuiteOptions extends Omit<DiscordSuiteOptions, "config"> {
  /** Closing a ticket sends its requester the satisfaction survey, as a help desk would set it up. */
  surveyOnClose?: boolean;
  /** The panel's settings over the default: no extra questions, no repeat window, no channels of its own. */
  panel?: Partial<DiscordPanel>;
}

/**
 * The suite of a support panel test file: the parity directory (agents with Discord ids), a panel
 * in `opts.panel`'s settings, and the kit over it. `use` receives the suite as `discordSuite` gives it.
 */
export function panelSuite(use: (s: DiscordSuite) => void, opts: PanelSuiteOptions = {}) {
  let suite: DiscordSuite | undefined;
  const { surveyOnClose, panel, ...rest } = opts;
  discordSuite(
    (s) => {
      suite = s;
      use(s);
    },
    {
      ...rest,
      config: { ...parityConfig(), ...(surveyOnClose ? { workflows: [surveyWorkflow] } : {}) },
      settings: { ...rest.settings, panel: { questions: [], repeatWindowSeconds: 0, channels: [], ...panel } },
    },
  );
  return panelKit(() => {
    if (!suite) throw new Error("the panel suite is made in beforeAll: use the kit inside a test");
    return suite;
  });
}
