import { describe, expect, it } from "vitest";
import { saveSnippet } from "../../core/snippets/save-snippet.js";
import { claimTicket } from "../../core/tickets/claim-ticket.js";
import { createTicket } from "../../core/tickets/create-ticket.js";
import { as, type TestCore } from "../../test/harness.js";
import { slackManifest } from "../../manifest/slack.js";
import { homeIds } from "./home.js";
import { english, msg, render } from "../../core/index.js";
import { modalIds } from "./modals.js";
import type { SlackTestApp } from "./testing/app.js";
import { slackSuite } from "./testing/suite.js";
import { eventCallback } from "./testing/requests.js";
import type { FakeSlackApi } from "./testing/slack-api.js";
import { viewBlockAction } from "./testing/view-requests.js";

const notAgentHomeText = render(msg("home.notAgent"), english);

let t: TestCore;
let s: SlackTestApp;
let api: FakeSlackApi;

slackSuite((x) => ({ t, s, api } = x));

const o = () => ({ nowMs: s.nowMs() });
let eventSeq = 0;
/** @see https://api.slack.com/events/app_home_opened */
const homeOpened = (user: string, tab: "home" | "messages" = "home") =>
  eventCallback(
    `EvHome${++eventSeq}`,
    { type: "app_home_opened", user, channel: `D${user.slice(1)}`, tab, event_ts: "1767600300.000100", ts: "1767600300.000100" },
    o(),
  );

interface Block {
  type: string;
  block_id?: string;
  text?: { text: string };
  elements?: { action_id?: string; text?: unknown; value?: string; options?: { value: string }[] }[];
}
interface Published {
  user_id: string;
  view: { type: string; blocks: Block[] };
}
const published = () => api.of("views.publish").at(-1)?.body as unknown as Published | undefined;
const texts = (v: Published) => v.view.blocks.map((b) => b.text?.text ?? "").join("\n");
/** The ticket numbers listed under a heading, in order. */
function listed(v: Published, heading: string): number[] {
  const start = v.view.blocks.findIndex((b) => b.text?.text === `*${heading}*`);
  const out: number[] = [];
  for (const b of v.view.blocks.slice(start + 1)) {
    if (b.type === "divider") break;
    const m = /^\*#(\d+)\*/.exec(b.text?.text ?? "");
    if (m) out.push(Number(m[1]));
  }
  return out;
}
const actionsOf = (v: Published, ticketId: number) => v.view.blocks.find((b) => b.block_id === `card.actions.${ticketId}`);

let ticketSeq = 0;
const ticket = async (opts: { teamId?: string; owner?: keyof typeof as } = {}) => {
  t.advance(60_000);
  const v = await createTicket(
    t.deps,
    { subject: `home ${++ticketSeq}`, requester: { email: "carol@customer.test" }, teamId: opts.teamId },
    as.ada,
  );
  if (opts.owner) await claimTicket(t.deps, { ticketId: v.id }, as[opts.owner]);
  return v.id;
};

describe("App Home", () => {
  it("publishes the agent's open tickets and the unassigned queue of their teams, oldest first, with the card's buttons", async () => {
    const mineOld = await ticket({ owner: "bob" });
    const freeOld = await ticket();
    const theirs = await ticket({ owner: "cy" });
    const vip = await ticket({ teamId: "vip" });
    const tier1 = await ticket({ teamId: "tier1" });
    const mineNew = await ticket({ teamId: "tier1", owner: "bob" });
    const res = await s.send(homeOpened("U0BOB"));
    expect(res.status).toBe(200);
    const v = published()!;
    expect(v.user_id).toBe("U0BOB");
    expect(v.view.type).toBe("home");
    expect(listed(v, "My open tickets")).toEqual([mineOld, mineNew]);
    const unassigned = listed(v, "Unassigned in my teams");
    expect(unassigned).toEqual(expect.arrayContaining([freeOld, tier1]));
    expect(unassigned).not.toContain(vip);
    expect(unassigned).not.toContain(theirs);
    expect(unassigned.indexOf(freeOld)).toBeLessThan(unassigned.indexOf(tier1));
    // The card's own elements: a Release on my ticket, a Claim on an unassigned one, the rest alike.
    expect(actionsOf(v, mineOld)?.elements?.map((e) => e.action_id)).toEqual([
      "ticket.release",
      "ticket.reply",
      "ticket.comment",
      "ticket.status",
      "ticket.assign",
      "ticket.more",
    ]);
    expect(actionsOf(v, tier1)?.elements?.[0]).toMatchObject({ action_id: "ticket.claim", value: String(tier1) });
    expect(v.view.blocks.length).toBeLessThanOrEqual(100);
    expect(new Set(v.view.blocks.map((b) => b.block_id).filter(Boolean)).size).toBe(v.view.blocks.filter((b) => b.block_id).length);
  });

  it("tells a Slack user who is no agent so, and answers only for the Home tab", async () => {
    await s.send(homeOpened("U0STRANGER"));
    const v = published()!;
    expect(v.user_id).toBe("U0STRANGER");
    expect(texts(v)).toContain(notAgentHomeText);
    expect(v.view.blocks.some((b) => b.type === "actions")).toBe(false);
    api.calls.length = 0;
    await s.send(homeOpened("U0BOB", "messages"));
    expect(api.of("views.publish")).toHaveLength(0);
  });

  it("works the card buttons from the Home tab and republishes it, with refusals shown on the tab", async () => {
    const id = await ticket();
    const home = { id: "V0HOMEBOB", type: "home" as const };
    const res = await s.send(
      viewBlockAction("U0BOB", home, { action_id: "ticket.claim", block_id: `card.actions.${id}`, type: "button", value: String(id) }, o()),
    );
    expect(res.status).toBe(200);
    expect((await t.prisma.ticket.findUniqueOrThrow({ where: { id } })).ownerId).toBe("bob");
    let v = published()!;
    expect(v.user_id).toBe("U0BOB");
    expect(listed(v, "My open tickets")).toContain(id);
    expect(actionsOf(v, id)?.elements?.[0]?.action_id).toBe("ticket.release");
    expect(v.view.blocks.find((b) => b.block_id === "home.notice")).toBeUndefined();

    // Someone else got there first: the refusal shows at the top of the Home tab (no response_url).
    const other = await ticket({ owner: "cy" });
    await s.send(
      viewBlockAction(
        "U0BOB",
        home,
        { action_id: "ticket.claim", block_id: `card.actions.${other}`, type: "button", value: String(other) },
        o(),
      ),
    );
    v = published()!;
    expect(v.view.blocks.find((b) => b.block_id === "home.notice")?.text?.text).toMatch(/^:raised_hand: .*Cy/);
    expect(api.responses).toHaveLength(0);

    // The status select works from the Home tab too.
    await s.send(
      viewBlockAction(
        "U0BOB",
        home,
        {
          action_id: "ticket.status",
          block_id: `card.actions.${id}`,
          type: "static_select",
          selected_option: { value: `in_progress:${id}` },
        },
        o(),
      ),
    );
    expect((await t.prisma.ticket.findUniqueOrThrow({ where: { id } })).statusId).toBe("in_progress");

    // A stranger clicking an old Home tab changes nothing and sees the refusal.
    const free = await ticket();
    await s.send(
      viewBlockAction(
        "U0STRANGER",
        { id: "V0HOMEX", type: "home" },
        { action_id: "ticket.claim", block_id: `card.actions.${free}`, type: "button", value: String(free) },
        o(),
      ),
    );
    expect((await t.prisma.ticket.findUniqueOrThrow({ where: { id: free } })).ownerId).toBeNull();
    expect(texts(published()!)).toContain(notAgentHomeText);

    // Refresh just republishes.
    api.calls.length = 0;
    await s.send(viewBlockAction("U0BOB", home, { action_id: homeIds.refresh, block_id: "home.controls", type: "button" }, o()));
    expect(api.of("views.publish")).toHaveLength(1);
  });

  it("opens the reply modal from the Home tab, with the snippets", async () => {
    const id = await ticket();
    await saveSnippet(t.deps, { name: "greeting", text: "Hello there," }, as.ada);
    await s.send(
      viewBlockAction(
        "U0BOB",
        { id: "V0HOMEBOB", type: "home" },
        { action_id: "ticket.reply", block_id: `card.actions.${id}`, type: "button", value: String(id) },
        o(),
      ),
    );
    const view = api.of("views.open").at(-1)!.body.view as { callback_id: string; blocks: Block[] };
    expect(view.callback_id).toBe(modalIds.reply);
    expect(view.blocks.find((b) => b.block_id === "reply.snippets.0")?.elements?.[0]?.options?.length).toBe(1);
  });

  it("is enabled in the manifest, with the event it needs", () => {
    const m = slackManifest();
    expect(m.features.app_home.home_tab_enabled).toBe(true);
    expect(m.settings.event_subscriptions.bot_events).toContain("app_home_opened");
    expect(m.oauth_config.scopes.bot).toEqual(expect.arrayContaining(["usergroups:read", "users:read"]));
  });
});
