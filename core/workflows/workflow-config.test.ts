// Workflow configuration: what is refused and where, and the shipped examples.
import { describe, expect, it } from "vitest";
import { HelpdeskConfig } from "../config.js";
import { shippedWorkflows, workflowsAtStart } from "./workflow-config.js";
import { slaConfigInput } from "../../test/sla-config.js";
import { hour, outbox, row, startWith, t, ticket, worker } from "./testing/workflow-core.js";

describe("workflow configuration", () => {
  const messages = (workflows: unknown[]) => {
    const r = HelpdeskConfig.safeParse({ ...slaConfigInput, businessHours: undefined, slaPolicies: [], workflows });
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  };
  const w = (over: Record<string, unknown>) => ({
    id: "w",
    name: "W",
    trigger: { on: "ticket_created" },
    actions: [{ do: "add_note", text: "x" }],
    ...over,
  });

  it("names what is wrong and where", () => {
    expect(messages([w({ trigger: { on: "time_in_status", status: "nope", after: "1h" } })])).toEqual([
      'workflows.0.trigger.status: workflow "w": no status "nope"',
    ]);
    expect(messages([w({ actions: [{ do: "assign", rule: "nope" }] })])).toEqual([
      'workflows.0.actions.0: workflow "w": no assignment rule "nope"',
    ]);
    expect(messages([w({ conditions: { withinBusinessHours: true } })])).toEqual([
      expect.stringContaining("counts business hours, so the help desk needs its own calendar"),
    ]);
    expect(messages([w({ actions: [{ do: "post_to_channel", text: "x" }] })])).toEqual([
      expect.stringContaining("needs a slack or a discord channel id"),
    ]);
  });

  it("takes a webhook call with its url and one secret, checked once the workflow is on; takes the survey", () => {
    expect(messages([w({ actions: [{ do: "call_webhook" }] })])).toEqual([
      expect.stringContaining("call_webhook needs a url"),
      expect.stringContaining("call_webhook needs secret or secretEnv (one of them)"),
    ]);
    const url = "https://hooks.example.org/helpdesk";
    expect(messages([w({ actions: [{ do: "call_webhook", url, secret: "0123456789abcdef", secretEnv: "HOOK_SECRET" }] })])).toEqual([
      expect.stringContaining("call_webhook needs secret or secretEnv (one of them)"),
    ]);
    expect(messages([w({ actions: [{ do: "call_webhook", url, secretEnv: "HOOK_SECRET" }] })])).toEqual([]);
    expect(messages([w({ actions: [{ do: "call_webhook", url: "mailto:x@example.org", secretEnv: "HOOK_SECRET" }] })])).toEqual([
      expect.stringMatching(/must be an http\(s\) URL/),
    ]);
    expect(messages([w({ enabled: false, actions: [{ do: "call_webhook" }] })])).toEqual([]);
    expect(messages([w({ actions: [{ do: "send_survey" }] })])).toEqual([]);
  });

  it("takes a rating trigger with scores or atMost, not both, and only ratings of 1 to 5", () => {
    expect(messages([w({ trigger: { on: "csat_received" } })])).toEqual([]);
    expect(messages([w({ trigger: { on: "csat_received", scores: [1, 2] } })])).toEqual([]);
    expect(messages([w({ trigger: { on: "csat_received", atMost: 2 } })])).toEqual([]);
    expect(messages([w({ trigger: { on: "csat_received", scores: [1], atMost: 2 } })])).toEqual([
      'workflows.0.trigger: workflow "w": csat_received takes scores or atMost, not both',
    ]);
    expect(messages([w({ trigger: { on: "csat_received", scores: [0, 6] } })])).toEqual([
      "workflows.0.trigger.scores.0: a rating is 1 to 5",
      "workflows.0.trigger.scores.1: a rating is 1 to 5",
    ]);
    expect(messages([w({ trigger: { on: "csat_received", atMost: 2.5 } })])).toEqual([
      "workflows.0.trigger.atMost: a rating is a whole number from 1 to 5",
    ]);
  });

  it("ships the seed's three examples, off, saying at start why; a config's own list replaces them", () => {
    const shipped = HelpdeskConfig.parse({}).workflows;
    expect(shipped.map((w) => [w.id, w.enabled, w.trigger.on])).toEqual([
      ["announce-new-tickets", false, "ticket_created"],
      ["escalate-stale-new", false, "time_in_status"],
      ["survey-after-resolution", false, "time_after"],
    ]);
    expect(workflowsAtStart(shipped)).toEqual({
      on: [],
      off: [
        { id: "announce-new-tickets", why: expect.stringContaining('a "slack" or "discord" channel id for its post_to_channel') },
        { id: "escalate-stale-new", why: expect.stringContaining('with "enabled": true') },
        { id: "survey-after-resolution", why: expect.stringContaining("satisfaction survey") },
      ],
    });
    expect(HelpdeskConfig.parse({ workflows: [] }).workflows).toEqual([]);
    // Turned on as shipped, the first names no channel: refused, with the place.
    expect(messages([{ ...shippedWorkflows[0], enabled: true }])).toEqual([
      'workflows.0.actions.0: workflow "announce-new-tickets": post_to_channel needs a slack or a discord channel id',
    ]);
  });

  it("turned on with a channel, the escalation example notifies the admins and raises the priority", async () => {
    const [announce, stale] = shippedWorkflows;
    await startWith({
      ...slaConfigInput,
      slaPolicies: [],
      workflows: [
        { ...announce, enabled: true, actions: [{ ...announce!.actions[0], slack: "C0NEW" }, announce!.actions[1]] },
        { ...stale, enabled: true },
      ],
    });
    const id = await ticket();
    expect(await outbox("chat.post")).toEqual([
      { target: "slack", ticketId: id, channelId: "C0NEW", text: `New ticket #${id}: Printer on fire (from carol@customer.test)` },
    ]);
    t.advance(24 * hour);
    await worker.runOnce();
    expect((await row(id)).priority).toBe("high");
    expect((await outbox("agents.notify")).filter((n) => n.reason === "workflow")).toEqual([
      expect.objectContaining({
        agentIds: ["ada"],
        text: { en: `#${id} has been New for 24 hours: Printer on fire`, ja: `#${id} は24時間「新規」のままです：Printer on fire` },
      }),
    ]);
  });
});
