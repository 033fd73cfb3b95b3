// One thread, one ticket, whichever way a ticket is asked for: the "Create ticket" shortcut on a
// message in a thread that is a ticket's already makes no second ticket with the same thread, and
// the agent is told privately (in their language) which ticket the thread is.
import { describe, expect, it } from "vitest";
import { testConfigInput, type TestCore } from "../../test/harness.js";
import type { SlackTestApp } from "./testing/app.js";
import { shortcutHelpers } from "./testing/message-action.js";
import type { FakeSlackApi } from "./testing/slack-api.js";
import { slackSuite } from "./testing/suite.js";

let t: TestCore;
let s: SlackTestApp;
let api: FakeSlackApi;

// Cy reads Slack in Japanese.
slackSuite((x) => ({ t, s, api } = x), {
  config: {
    ...testConfigInput,
    agents: testConfigInput.agents.map((a) => (a.id === "cy" ? { ...a, slackUserId: "U0CY", locale: "ja" } : a)),
  },
});

const { lastAnswer, nextTs, carolInfo, create } = shortcutHelpers(() => ({ s, api }));
const origins = (channelId: string) => t.prisma.chatLink.findMany({ where: { surface: "slack", role: "origin", channelId } });

describe('"Create ticket" in a thread that is a ticket already', () => {
  it("makes no second ticket from a reply in the thread, and says which ticket the thread is", async () => {
    const root = nextTs();
    carolInfo();
    await create("U0BOB", "CGENERAL", { user: "U0CAROL", text: "VPN is down", ts: root });
    const [first] = await origins("CGENERAL");
    const reply = { user: "U0CAROL", text: "Still down", ts: nextTs(), thread_ts: root };
    await create("U0BOB", "CGENERAL", reply);
    expect(lastAnswer()).toBe(
      `:raised_hand: This thread is already ticket #${first!.ticketId}: one thread makes one ticket, and its customers' replies here join it.`,
    );
    await create("U0CY", "CGENERAL", reply);
    expect(lastAnswer()).toContain(`このスレッドはすでにチケット #${first!.ticketId} です`);
    expect(await origins("CGENERAL")).toHaveLength(1);
    await s.dispatcher.runOnce();
  });

  it("makes no ticket of a thread's first message when a reply in it is the ticket", async () => {
    const root = nextTs();
    const reply = nextTs();
    carolInfo();
    await create("U0BOB", "CSUPPORT", { user: "U0CAROL", text: "Printer jammed", ts: reply, thread_ts: root });
    const [made] = await origins("CSUPPORT");
    expect(made).toMatchObject({ messageId: reply, threadId: root });
    await create("U0BOB", "CSUPPORT", { user: "U0DAVE", text: "Which printer?", ts: root });
    expect(lastAnswer()).toContain(`This thread is already ticket #${made!.ticketId}`);
    expect(await origins("CSUPPORT")).toHaveLength(1);
    await s.dispatcher.runOnce();
  });
});
