import type { Translation } from "../catalogue.js";
import type { manage as en } from "../en/manage.js";

export const manage: Translation<typeof en> = {
  moveTitle: (p) => `#${p.id} を移動`,
  move: "移動",
  toPipeline: "移動先のパイプライン",
  choosePipeline: "パイプラインを選んでください。",
  onlyOnePipeline: "パイプラインは 1 つしかありません。",
  moved: (p) => `${p.number} は ${p.pipeline} に移りました。ステータスは ${p.status} です。`,
};
