// `/ticket queue breaching` on Slack: the open tickets due within the hour, overdue first, each
// with its due time as a Slack date token, in English and in Japanese; every queue listing shows
// a ticket's due time when it has one; and the App Home tab's order picker, which lists both of
// its queues by SLA due time and keeps the pick across clicks and visits. Due times are written on
// the rows, as the SLA clocks (core/sla) would.
import { describe, expect, it } from "vitest";
import { claimTicket } from "../../core/tickets/claim-ticket.js";
import { createTicket } from "../../core/tickets/create-ticket.js";
import { as, testConfigInput, type TestCore } from "../../test/harness.js";
import { homeIds } from "./home.js";
import type { SlackTestApp } from "./testing/app.js";
import { slackSuite } from "./testing/suite.js";
import { eventCallback, slashCommand } from "./testing/requests.js";
import type { FakeSlackApi } from "./testing/slack-api.js";
import { viewBlockAction } from "./testing/view-requests.js";

let t: TestCore;
let s: SlackTestApp;
let api: FakeSlackApi;

// Bob reads English; Cy (same team) reads Japanese.
slackSuite((x) => ({ t, s, api } = x), {
  config: {
    ...testConfigInput,
    agents: testConfigInput.agents.map((a) =>
      a.id === "cy" ? { ...a, slackUserId: "U0CY", locale: "ja" } : a.id === "bob" ? { ...a, locale: "en" } : a,
    ),
  },
});

const minute = 60_000;
const o = () => ({ nowMs: s.nowMs() });

type Block = { type: string; block_id?: string; text?: { text: string }; elements?: Record<string, unknown>[] };

async function ask(user: string, text: string) {
  await s.send(slashCommand(user, text, o()));
  const body = api.responses.at(-1)?.body as { text?: string; blocks?: Block[] } | undefined;
  return { text: String(body?.text ?? ""), lines: (body?.blocks ?? []).flatMap((b) => (b.text?.text ?? "").split("\n")) };
}

/** A ticket, due `dueIn` ms from now (null: no SLA clock runs). */
async function ticket(subject: string, dueIn: number | null, teamId?: string) {
  t.advance(1000);
  const v = await createTicket(t.deps, { subject, requester: { email: "c@customer.test" }, teamId }, as.ada);
  if (dueIn !== null) await t.prisma.ticket.update({ where: { id: v.id }, data: { slaDueAt: new Date(t.deps.now().getTime() + dueIn) } });
  return { id: v.id, due: dueIn === null ? null : Math.floor((t.deps.now().getTime() + dueIn) / 1000) };
}

const lineOf = (lines: string[], id: number) => lines.find((l) => l.startsWith(`*#${id}*`));
const ids = (lines: string[]) => lines.flatMap((l) => /^\*#(\d+)\*/.exec(l)?.[1] ?? []).map(Number);

describe("/ticket queue breaching on Slack", () => {
  it("lists the tickets due within the hour, overdue first, with their due time; English and Japanese", async () => {
    const soon = await ticket("Printer due soon", 20 * minute);
    const overdue = await ticket("Printer overdue", -5 * minute, "tier1");
    const later = await ticket("Printer due later", 3 * 60 * minute);
    const none = await ticket("Printer without SLA", null);
    const vip = await ticket("VIP overdue", -10 * minute, "vip");

    const en = await ask("U0BOB", "queue breaching");
    expect(en.text).toBe("Queue: breaching: 2 tickets");
    expect(en.lines[0]).toBe("*Queue: breaching*");
    expect(ids(en.lines)).toEqual([overdue.id, soon.id]);
    for (const tk of [later, none, vip]) expect(lineOf(en.lines, tk.id)).toBeUndefined();
    expect(lineOf(en.lines, overdue.id)).toMatch(
      new RegExp(`· SLA due <!date\\^${overdue.due}\\^\\{date_short_pretty\\} \\{time\\}\\|2026-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC>$`),
    );

    const ja = await ask("U0CY", "queue breaching");
    expect(ja.text).toBe("キュー: SLA期限間近: 2件");
    expect(ja.lines[0]).toBe("*キュー: SLA期限間近*");
    expect(ids(ja.lines)).toEqual([overdue.id, soon.id]);
    expect(lineOf(ja.lines, soon.id)).toMatch(new RegExp(`· SLA期限 <!date\\^${soon.due}\\^\\{date_short_pretty\\} \\{time\\}\\|[^>]+>$`));

    // `sla` is a word for it too.
    expect(ids((await ask("U0BOB", "queue sla")).lines)).toEqual([overdue.id, soon.id]);
  });

  it("shows the due time in every queue listing when a ticket has one, and offers breaching when the queue is unknown", async () => {
    const due = await ticket("Listed with SLA", 90 * minute);
    const none = await ticket("Listed without a clock", null);
    const all = await ask("U0BOB", "queue all");
    expect(lineOf(all.lines, due.id)).toContain(`· SLA due <!date^${due.due}^{date_short_pretty} {time}|`);
    expect(lineOf(all.lines, none.id)).not.toContain("SLA due");
    expect((await ask("U0BOB", "queue nope")).text).toBe(
      `:warning: There is no queue "nope": try mine, unassigned, team, all, auto or breaching.`,
    );
    expect((await ask("U0CY", "queue nope")).text).toContain("mine、unassigned、team、all、auto、breaching のいずれか");
  });
});

describe("App Home in SLA-due order on Slack", () => {
  interface Published {
    user_id: string;
    view: { type: string; private_metadata?: string; blocks: Block[] };
  }
  const published = () => api.of("views.publish").at(-1)?.body as unknown as Published;
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
  const picker = (v: Published) =>
    v.view.blocks.find((b) => b.block_id === "home.controls")?.elements?.find((e) => e.action_id === homeIds.sort) as
      | { type: string; initial_option: { value: string; text: { text: string } }; options: { value: string; text: { text: string } }[] }
      | undefined;
  let seq = 0;
  const opened = (user: string, view?: { private_metadata: string }) =>
    eventCallback(
      `EvHomeSla${++seq}`,
      {
        type: "app_home_opened",
        user,
        channel: `D${user.slice(1)}`,
        tab: "home",
        event_ts: "1767600300.000100",
        ts: "1767600300.000100",
        ...(view ? { view: { id: "V0HOME", type: "home", ...view } } : {}),
      },
      o(),
    );
  const home = (privateMetadata: string) => ({ id: "V0HOMEBOB", type: "home" as const, private_metadata: privateMetadata });

  it("lists both queues oldest first until the agent picks SLA due, then by due time, and keeps the pick", async () => {
    const lateFree = await ticket("Home free, due late", 120 * minute, "tier1");
    const noneFree = await ticket("Home free, no SLA", null, "tier1");
    const soonFree = await ticket("Home free, overdue", -15 * minute);
    const mineLate = await ticket("Home mine, due late", 240 * minute);
    const mineSoon = await ticket("Home mine, due soon", 30 * minute);
    await claimTicket(t.deps, { ticketId: mineLate.id }, as.bob);
    await claimTicket(t.deps, { ticketId: mineSoon.id }, as.bob);

    await s.send(opened("U0BOB"));
    let v = published();
    const oldest = listed(v, "Unassigned in my teams");
    expect(listed(v, "My open tickets")).toEqual([mineLate.id, mineSoon.id]);
    expect(picker(v)).toMatchObject({ type: "static_select", initial_option: { value: "created", text: { text: "Oldest first" } } });
    expect(picker(v)?.options.map((x) => [x.value, x.text.text])).toEqual([
      ["created", "Oldest first"],
      ["sla_due", "SLA due first"],
    ]);
    const line = v.view.blocks.find((b) => b.text?.text.startsWith(`*#${soonFree.id}*`))?.text?.text;
    expect(line).toContain(`SLA due <!date^${soonFree.due}^{date_short_pretty} {time}|`);

    // Picking "SLA due first" republishes the tab in that order, the pick kept in its private_metadata.
    await s.send(
      viewBlockAction(
        "U0BOB",
        home(v.view.private_metadata ?? ""),
        { action_id: homeIds.sort, block_id: "home.controls", type: "static_select", selected_option: { value: "sla_due" } },
        o(),
      ),
    );
    v = published();
    expect(listed(v, "My open tickets")).toEqual([mineSoon.id, mineLate.id]);
    // (The first tests' tickets are in the unassigned queue too.)
    const ours = (list: number[]) => list.filter((id) => [lateFree.id, noneFree.id, soonFree.id].includes(id));
    expect(ours(oldest)).toEqual([lateFree.id, noneFree.id, soonFree.id]);
    expect(ours(listed(v, "Unassigned in my teams"))).toEqual([soonFree.id, lateFree.id, noneFree.id]);
    expect(picker(v)?.initial_option.value).toBe("sla_due");
    expect(JSON.parse(v.view.private_metadata ?? "{}")).toEqual({ sort: "sla_due" });

    // Another click on the tab (Refresh) and a later visit keep the order; a tab without one is oldest first.
    await s.send(viewBlockAction("U0BOB", home(v.view.private_metadata!), { action_id: homeIds.refresh, type: "button" }, o()));
    expect(listed(published(), "My open tickets")).toEqual([mineSoon.id, mineLate.id]);
    await s.send(opened("U0BOB", { private_metadata: JSON.stringify({ sort: "sla_due" }) }));
    expect(listed(published(), "My open tickets")).toEqual([mineSoon.id, mineLate.id]);
    await s.send(opened("U0BOB", { private_metadata: "not json" }));
    expect(listed(published(), "My open tickets")).toEqual([mineLate.id, mineSoon.id]);
    expect(picker(published())?.initial_option.value).toBe("created");
  });

  it("offers the order picker in Japanese", async () => {
    await ticket("Home ja, due soon", 10 * minute, "tier1");
    await s.send(opened("U0CY", { private_metadata: JSON.stringify({ sort: "sla_due" }) }));
    const v = published();
    expect(v.user_id).toBe("U0CY");
    expect(picker(v)?.options.map((x) => x.text.text)).toEqual(["受付の古い順", "SLA期限の近い順"]);
    expect(picker(v)?.initial_option.text.text).toBe("SLA期限の近い順");
    const due = v.view.blocks.map((b) => b.text?.text ?? "").find((x) => x.includes("SLA期限 <!date^"));
    expect(due).toBeDefined();
  });
});
