// A refusal from the core as a page: its status by the error's code, its message in the reader's
// language, and the way back. It shows no figures.
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { msg, render, type ErrorCode, type HelpdeskError, type Msg } from "../../../core/index.js";
import { Layout, type PageFrame } from "./layout.js";

export const statusForCoreError: Record<ErrorCode, ContentfulStatusCode> = { invalid: 400, forbidden: 403, not_found: 404, conflict: 409 };

const titles: Record<ErrorCode, Msg> = {
  invalid: msg("dashboard.invalidTitle"),
  forbidden: msg("dashboard.forbiddenTitle"),
  not_found: msg("dashboard.notFoundTitle"),
  conflict: msg("dashboard.conflictTitle"),
};

export function ErrorPage(props: { frame: PageFrame; code: ErrorCode; message: string }) {
  const { f, base } = props.frame;
  const title = render(titles[props.code], f);
  return (
    <Layout frame={props.frame} title={title}>
      <section class="error-box" role="alert" data-error={props.code}>
        <h1>{title}</h1>
        <p>{props.message}</p>
        <p>
          <a href={base}>{render(msg("dashboard.backToOverview"), f)}</a>
        </p>
      </section>
    </Layout>
  );
}

export function errorResponse(c: Context, frame: PageFrame, e: HelpdeskError) {
  return c.html(<ErrorPage frame={frame} code={e.code} message={e.messageIn(frame.f)} />, statusForCoreError[e.code]);
}
