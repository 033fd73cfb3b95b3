// Away and back on Slack: `/ticket away` and `/ticket back` for oneself, an admin naming another
// agent, a refusal for anyone else, and the App Home tab's availability line with its Away / Back
// button and who else is away; in English and in Japanese.
import { describe, expect, it } from "vitest";
import { setAway } from "../../core/assignment/set-away.js";
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

// Ada is an admin; Bob reads English; Cy (same team) reads Japanese.
slackSuite((x) => ({ t, s, api } = x), {
  config: {
    ...testConfigInput,
    agents: testConfigInput.agents.map((a) =>
      a.id === "ada"
        ? { ...a, slackUserId: "U0ADA", locale: "en" }
        : a.id === "cy"
          ? { ...a, slackUserId: "U0CY", locale: "ja" }
          : a.id === "bob"
            ? { ...a, locale: "en" }
            : a,
    ),
  },
});

const o = () => ({ nowMs: s.nowMs() });
const isAway = async (id: string) => (await t.prisma.agent.findUniqueOrThrow({ where: { id } })).away;

/** `/ticket <text>` as `user`; what they were told. */
async function ask(user: string, text: string): Promise<string> {
  expect((await s.send(slashCommand(user, text, o()))).status).toBe(200);
  return String((api.responses.at(-1)?.body as { text?: string } | undefined)?.text ?? "");
}

describe("/ticket away and /ticket back on Slack", () => {
  it("sets the agent away and back, saying so, and saying when nothing changed", async () => {
    expect(await ask("U0BOB", "away")).toBe(
      ":palm_tree: You are away: assignment rules pass you over until you are back (`/ticket back`). You keep the tickets you own.",
    );
    expect(await isAway("bob")).toBe(true);
    expect(await ask("U0BOB", "away")).toBe(":palm_tree: You were away already; assignment rules pass you over until you are back.");
    expect(await ask("U0BOB", "back me")).toBe(":wave: You are back: assignment rules can give you tickets again.");
    expect(await isAway("bob")).toBe(false);
    expect(await ask("U0BOB", "back")).toBe(":wave: You were not away; assignment rules can give you tickets.");
  });

  it("answers in the agent's language", async () => {
    expect(await ask("U0CY", "away")).toBe(
      ":palm_tree: 不在にしました。復帰するまで（`/ticket back`）割り当てルールはあなたを飛ばします。担当中のチケットはそのままです。",
    );
    expect(await ask("U0CY", "back")).toBe(":wave: 復帰しました。割り当てルールで再びチケットが割り当てられます。");
    expect(await isAway("cy")).toBe(false);
  });

  it("lets an admin set another agent away and back by @mention, and refuses anyone else", async () => {
    expect(await ask("U0ADA", "away <@U0BOB|bob>")).toBe(
      ":palm_tree: Bob is away: assignment rules pass them over until they are back. They keep the tickets they own.",
    );
    expect(await isAway("bob")).toBe(true);
    expect(await ask("U0CY", "back <@U0BOB>")).toBe(":no_entry: ほかの担当者の不在・復帰を設定できるのは管理者だけです。");
    expect(await isAway("bob")).toBe(true);
    expect(await ask("U0ADA", "back <@U0BOB>")).toBe(":wave: Bob is back: assignment rules can give them tickets again.");
    expect(await isAway("bob")).toBe(false);
    expect(await ask("U0ADA", "away <@U0STRANGER>")).toBe(
      ":warning: Name the agent as an @mention of a help desk agent, or leave it out to mean yourself.",
    );
    expect(await ask("U0ADA", "away bob")).toContain(":warning: Name the agent");
  });

  it("lists both in the help", async () => {
    const help = await ask("U0BOB", "help");
    expect(help).toContain("`/ticket away [@user]` Be passed over by assignment rules until you are back");
    expect(help).toContain("`/ticket back [@user]` Be given tickets by assignment rules again");
  });
});

describe("Away / Back on the App Home tab", () => {
  type Block = {
    type: string;
    block_id?: string;
    text?: { text: string };
    accessory?: { action_id: string; value: string; text: { text: string } };
    elements?: { text?: string }[];
  };
  interface Published {
    user_id: string;
    view: { type: string; private_metadata?: string; blocks: Block[] };
  }
  const published = () => api.of("views.publish").at(-1)?.body as unknown as Published;
  const availability = (v: Published) => v.view.blocks.find((b) => b.block_id === "home.availability");
  const notice = (v: Published) => v.view.blocks.find((b) => b.block_id === "home.notice")?.text?.text;
  const othersAway = (v: Published) =>
    v.view.blocks
      .filter((b) => b.type === "context")
      .flatMap((b) => b.elements ?? [])
      .map((e) => e.text ?? "")
      .find((x) => x.startsWith("Away now") || x.startsWith("不在中"));
  let seq = 0;
  const opened = (user: string) =>
    eventCallback(
      `EvHomeAway${++seq}`,
      { type: "app_home_opened", user, channel: `D${user.slice(1)}`, tab: "home", event_ts: "1767600300.000100", ts: "1767600300.000100" },
      o(),
    );
  const click = (user: string, value: string) =>
    viewBlockAction(
      user,
      { id: `V0HOME${user}`, type: "home", private_metadata: "" },
      { action_id: homeIds.away, block_id: "home.availability", type: "button", value },
      o(),
    );

  it("shows the agent available with a button to go away, and turns it over when clicked", async () => {
    await s.send(opened("U0BOB"));
    let v = published();
    expect(v.user_id).toBe("U0BOB");
    expect(availability(v)).toMatchObject({
      text: { text: "You are available: assignment rules can give you tickets." },
      accessory: { action_id: homeIds.away, value: "away", text: { text: "Set me away" } },
    });
    expect(othersAway(v)).toBeUndefined();

    await s.send(click("U0BOB", "away"));
    expect(await isAway("bob")).toBe(true);
    v = published();
    const since = Math.floor(t.deps.now().getTime() / 1000);
    expect(availability(v)?.text?.text).toMatch(
      new RegExp(`^:palm_tree: You are \\*away\\* since <!date\\^${since}\\^\\{ago\\}\\|[^>]+>: assignment rules pass you over\\.$`),
    );
    expect(availability(v)?.accessory).toMatchObject({ value: "back", text: { text: "I'm back" } });
    expect(notice(v)).toBe(
      ":palm_tree: You are away: assignment rules pass you over until you are back (`/ticket back`). You keep the tickets you own.",
    );

    // Others see who is away, in their language.
    await s.send(opened("U0CY"));
    v = published();
    expect(availability(v)).toMatchObject({
      text: { text: "対応可能です。割り当てルールでチケットが割り当てられます。" },
      accessory: { value: "away", text: { text: "不在にする" } },
    });
    expect(othersAway(v)).toBe("不在中: Bob");

    await s.send(click("U0BOB", "back"));
    expect(await isAway("bob")).toBe(false);
    expect(availability(published())?.accessory?.value).toBe("away");
    expect(notice(published())).toBe(":wave: You are back: assignment rules can give you tickets again.");
  });

  it("is in Japanese for an agent reading Japanese, and lists the others away in English for Bob", async () => {
    await setAway(t.deps, { away: true }, as.cy);
    await setAway(t.deps, { away: true }, as.dee);
    t.advance(60_000);
    await s.send(click("U0CY", "back"));
    await s.send(click("U0CY", "away"));
    const v = published();
    expect(v.user_id).toBe("U0CY");
    expect(availability(v)?.text?.text).toMatch(
      /^:palm_tree: <!date\^\d+\^\{ago\}\|[^>]+>から\*不在\*です。割り当てルールはあなたを飛ばします。$/,
    );
    expect(availability(v)?.accessory?.text.text).toBe("復帰する");
    expect(notice(v)).toContain("不在にしました。");
    await s.send(opened("U0BOB"));
    expect(othersAway(published())).toBe("Away now: Dee and Cy.");
  });
});
