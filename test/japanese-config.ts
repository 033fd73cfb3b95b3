// The test directory (harness.ts) with Japanese names beside the English ones, for the tests of
// what each surface shows an agent who reads Japanese.
import { testConfigInput } from "./harness.js";

const jaStatus: Record<string, string> = { new: "新規", in_progress: "対応中" };

/** The Support pipeline, its New and In progress statuses named in Japanese too. */
export const japanesePipelines = testConfigInput.pipelines.map((p) =>
  p.id === "support"
    ? {
        ...p,
        name: { en: p.name, ja: "サポート" },
        statuses: p.statuses.map((st) => (jaStatus[st.id] ? { ...st, name: { en: st.name, ja: jaStatus[st.id]! } } : st)),
      }
    : p,
);

/** The properties with Japanese labels, and a yes/no one (a VIP customer). */
export const japaneseProperties = [
  ...testConfigInput.properties.map((p) => (p.name === "product" ? { ...p, label: { en: "Product", ja: "製品" } } : p)),
  { name: "vip", label: { en: "VIP customer", ja: "重要顧客" }, type: "boolean" },
];

/** Tier 1 named in Japanese too; VIP in one language. */
export const japaneseTeams = [
  { id: "tier1", name: { en: "Tier 1", ja: "一次対応" } },
  { id: "vip", name: "VIP" },
];
