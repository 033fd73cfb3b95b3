// Every modal an action opens, built for a Japanese agent and an English one, within Block Kit's
// limits on titles, buttons, labels, hints and options (Slack refuses a view over any of them).
import type { ModalView } from "@slack/types";
import { describe, expect, it } from "vitest";
import { slackActions } from "./actions/index.js";
import { limits } from "./escape.js";
import { buildCatalog, HelpdeskConfig } from "../../core/config.js";
import { Formats } from "../../core/i18n/format.js";
import { speechIn } from "../../core/i18n/translate.js";

const config = HelpdeskConfig.parse({
  teams: [{ id: "tier1", name: { en: "Tier 1", ja: "一次対応" } }],
  properties: [{ name: "product", label: { en: "Product", ja: "製品" }, type: "select", options: ["web", "mobile"] }],
});
const catalog = buildCatalog(config);
const pipeline = catalog.defaultPipeline;
const longId = 999_999_999;
const japanese = /[\u3040-\u30ff\u4e00-\u9fff]/;

type Block = { type: string; label?: { text: string }; hint?: { text: string }; element?: { options?: { text: { text: string } }[] } };

function modalsFor(locale: "en" | "ja"): ModalView[] {
  const sp = speechIn(new Formats(locale, "Asia/Tokyo"));
  const m = (name: keyof typeof slackActions) => slackActions[name].modal!.build as (...args: unknown[]) => ModalView;
  const messages = [{ id: "m1", kind: "INBOUND", text: "プリンターが動きません", createdAt: new Date(0) }];
  const waiting = pipeline.statuses.find((s) => s.id === "waiting_on_customer") ?? pipeline.statuses[1]!;
  return [
    m("reply")(sp, catalog, { id: longId, pipelineId: pipeline.id }, null, [{ id: "s1", name: "greeting" }]),
    m("comment")(sp, longId),
    m("create")(sp, catalog, "件名"),
    m("split")(sp, longId, messages),
    m("merge")(sp, longId),
    m("move")(sp, catalog, { id: longId, pipelineId: pipeline.id }),
    m("change_status")(sp, catalog, longId, { ...waiting, requiredProperties: ["product"] }),
  ];
}

describe("Slack modals in both languages", () => {
  for (const locale of ["en", "ja"] as const) {
    it(`stay within Block Kit's limits for an agent reading ${locale}`, () => {
      for (const v of modalsFor(locale)) {
        const said = [v.title.text, v.submit?.text ?? "", v.close?.text ?? ""];
        for (const t of said) expect(t.length, t).toBeLessThanOrEqual(limits.modalTitle);
        for (const b of v.blocks as Block[]) {
          expect((b.label?.text ?? "").length).toBeLessThanOrEqual(2000);
          expect((b.hint?.text ?? "").length).toBeLessThanOrEqual(2000);
          for (const o of b.element?.options ?? []) expect(o.text.text.length).toBeLessThanOrEqual(limits.optionText);
        }
        const labels = (v.blocks as Block[]).flatMap((b) => (b.label ? [b.label.text] : []));
        if (locale === "ja") {
          expect([v.title.text, v.close?.text], v.callback_id).toEqual([expect.stringMatching(japanese), "キャンセル"]);
          // Cc and Bcc are written so in Japanese mail forms too.
          for (const l of labels.filter((l) => !["Cc", "Bcc"].includes(l))) expect(l, v.callback_id).toMatch(japanese);
        } else {
          for (const t of [...said, ...labels]) expect(t).not.toMatch(japanese);
        }
      }
    });
  }
});
