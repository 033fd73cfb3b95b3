import type { Translation } from "../catalogue.js";
import type { sla as en } from "../en/sla.js";
import type { SlaMetric } from "../../outbox/enqueue.js";
import type { Formats } from "../format.js";

const names: Record<SlaMetric, string> = { first_response: "初回応答", next_response: "次回応答", resolution: "解決" };

/** The target's name; one this catalogue does not know, as it is. */
const named = (m: SlaMetric) => names[m] ?? String(m);

/** A span of time in its two largest units: 「1分未満」「25分」「1時間20分」「2日3時間」. */
function span(sec: number, f: Formats): string {
  const minutes = Math.round(Math.max(0, sec) / 60);
  if (minutes < 1) return "1分未満";
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  const parts = d
    ? [
        [d, "日"],
        [h, "時間"],
      ]
    : h
      ? [
          [h, "時間"],
          [m, "分"],
        ]
      : [[m, "分"]];
  return parts
    .filter(([n]) => n)
    .map(([n, unit]) => `${f.number(n as number)}${unit}`)
    .join("");
}

export const sla: Translation<typeof en> = {
  first_response: names.first_response,
  next_response: names.next_response,
  resolution: names.resolution,
  due: (p) => `${named(p.metric)}の期限: ${p.date}（${p.ago}）`,
  overdue: (p) => `${named(p.metric)}の期限超過: ${p.date}（${p.ago}）`,
  paused: (p) => `${named(p.metric)}の期限: 一時停止中`,
  pausedOverdue: (p) => `${named(p.metric)}の期限超過: ${p.date}（${p.ago}）・一時停止中`,
  warning: (p, f) => `SLA 警告: ${named(p.metric)}の期限は ${f.dateTime(p.due)} です`,
  breach: (p, f) => `SLA 違反: ${named(p.metric)}の期限（${f.dateTime(p.due)}）を過ぎました`,
  metLate: (p, f) => `${named(p.metric)}: 期限 ${f.dateTime(p.due)} に対し ${f.dateTime(p.at)} に達成（${span(p.lateSec, f)}の遅れ）`,
};
