// The dashboard's static files, served by the project itself (no CDN): Chart.js's browser build
// from node_modules, and our own script and stylesheet beside this file. Each is read once at
// start and served under a name carrying its content hash, so browsers may keep it for a year.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export interface Asset {
  /** The file's name under the assets path, with its hash: `chart-1a2b3c4d5e.js`. */
  name: string;
  type: string;
  body: string;
}

export interface DashboardAssets {
  chart: Asset;
  script: Asset;
  stylesheet: Asset;
  byName: ReadonlyMap<string, Asset>;
}

const here = dirname(fileURLToPath(import.meta.url));

function asset(stem: string, ext: "js" | "css", body: string): Asset {
  const hash = createHash("sha256").update(body).digest("hex").slice(0, 10);
  return { name: `${stem}-${hash}.${ext}`, type: ext === "js" ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8", body };
}

function chartJsSource(): string {
  // The package exports its module builds only; the browser (UMD) build sits beside them in dist/.
  const main = createRequire(import.meta.url).resolve("chart.js");
  const text = readFileSync(join(dirname(main), "chart.umd.min.js"), "utf8");
  // Its source map is not served: drop the pointer so browsers do not ask for it.
  return text.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, "\n");
}

/** The assets, read from disk (once, when the routes are built). */
export function loadDashboardAssets(): DashboardAssets {
  const chart = asset("chart", "js", chartJsSource());
  const script = asset("dashboard", "js", readFileSync(join(here, "assets", "dashboard.js"), "utf8"));
  const stylesheet = asset("dashboard", "css", readFileSync(join(here, "assets", "dashboard.css"), "utf8"));
  return { chart, script, stylesheet, byName: new Map([chart, script, stylesheet].map((a) => [a.name, a])) };
}
