// The frame every dashboard page shares: the document head (our stylesheet, no inline style or
// script), the header with the help desk's name and sign-out, and the scripts when a page has charts.
import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import { msg, render, type Formats } from "../../../core/index.js";
import type { DashboardAssets } from "./assets.js";

export interface PageFrame {
  f: Formats;
  /** Where the dashboard is mounted ("/dashboard"). */
  base: string;
  assets: DashboardAssets;
}

export function Layout(props: { frame: PageFrame; title: string; charts?: boolean; children?: Child }) {
  const { f, base, assets } = props.frame;
  const say = (m: Parameters<typeof render>[0]) => render(m, f);
  return (
    <>
      {raw("<!doctype html>")}
      <html lang={f.locale}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="robots" content="noindex" />
          {/* No icon of its own: this keeps the browser from asking for /favicon.ico. */}
          <link rel="icon" href="data:," />
          <title>{`${props.title} · ${say(msg("dashboard.title"))}`}</title>
          <link rel="stylesheet" href={`${base}/assets/${assets.stylesheet.name}`} />
          {props.charts && <script defer src={`${base}/assets/${assets.chart.name}`}></script>}
          {props.charts && <script defer src={`${base}/assets/${assets.script.name}`}></script>}
        </head>
        <body>
          <header class="topbar">
            <a class="brand" href={base}>
              {say(msg("dashboard.title"))}
            </a>
            <form method="post" action={`${base}/sign-out`} class="signout">
              <button type="submit" class="link-button">
                {say(msg("web.signOut"))}
              </button>
            </form>
          </header>
          <main>{props.children}</main>
        </body>
      </html>
    </>
  );
}

/** Data for the page's script, as JSON inside a non-executing script element; `<` is escaped so no text can close it. */
export function JsonData(props: { id: string; data: unknown }) {
  const json = JSON.stringify(props.data)
    .replaceAll("<", "\\u003c")
    .replaceAll(">", "\\u003e")
    .replaceAll("&", "\\u0026")
    .replaceAll("\u2028", "\\u2028")
    .replaceAll("\u2029", "\\u2029");
  return <script type="application/json" id={props.id} dangerouslySetInnerHTML={{ __html: json }}></script>;
}
