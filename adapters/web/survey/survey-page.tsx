// What the requester sees after a click in the survey email: first the rating the link chose, with
// the form that sends it (our script submits it at once; without script, one button); then the
// request, the rating recorded (or the one given first), and a form for an optional comment. Texts
// in the requester's language (the survey's). A link that does not work gets the web adapter's
// notice page (../notice-page.ts).
import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import { Formats, maxCommentLength, msg, render, type Locale, type Msg } from "../../../core/index.js";

/** Where the stylesheet and the script are served, under the survey routes. */
export const stylesheetName = "survey.css";
export const scriptName = "survey.js";

function Page(props: { lang: Locale; title: string; base: string; script?: boolean; children?: Child }) {
  return (
    <>
      {raw("<!doctype html>")}
      <html lang={props.lang}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="robots" content="noindex" />
          <title>{props.title}</title>
          <link rel="stylesheet" href={`${props.base}/${stylesheetName}`} />
          {/* No icon of its own: this keeps the browser from asking for /favicon.ico. */}
          <link rel="icon" href="data:," />
          {props.script && <script src={`${props.base}/${scriptName}`} defer></script>}
        </head>
        <body>
          <main>{props.children}</main>
        </body>
      </html>
    </>
  );
}

export interface SurveyView {
  locale: Locale;
  ticketId: number;
  subject: string;
  score: number;
  /** What to say above the rating: thanks for it, or that an earlier one stands. */
  notice: "thanks" | "alreadyAnswered" | "commentThanks" | "alreadyCommented";
  comment: string | null;
  /** Where the comment form posts (null: no form, the comment is in or its time is over). */
  commentAction: string | null;
  /** A refused comment: why, and what was written, to correct it. */
  error?: { message: string; draft: string };
}

const notices = {
  thanks: msg("csat.thanks"),
  alreadyAnswered: msg("csat.alreadyAnswered"),
  commentThanks: msg("csat.commentThanks"),
  alreadyCommented: msg("csat.alreadyCommented"),
} satisfies Record<SurveyView["notice"], Msg>;

const label = (score: number) => msg(`csat.score_${Math.min(5, Math.max(1, score)) as 1 | 2 | 3 | 4 | 5}`);

/** The five ratings with the one given (or chosen) marked, and it in words. */
function Rating(props: { score: number; f: Formats }) {
  const say = (m: Msg) => render(m, props.f);
  return (
    <>
      <ol class="scale" aria-hidden="true">
        {[1, 2, 3, 4, 5].map((n) => (
          <li class={n === props.score ? `s${n} chosen` : `s${n}`}>{n}</li>
        ))}
      </ol>
      <p class="rating" data-score={props.score}>
        {say(msg("csat.yourRating", { score: props.score, label: say(label(props.score)) }))}
      </p>
    </>
  );
}

/** The rating a link chose, not yet recorded: the form that records it, sent by our script on load. */
export interface ConfirmView {
  locale: Locale;
  ticketId: number;
  subject: string;
  score: number;
  /** Where the form posts: the link's own address. */
  action: string;
}

export function ConfirmPage(props: { view: ConfirmView; base: string }) {
  const v = props.view;
  const f = new Formats(v.locale);
  const say = (m: Msg) => render(m, f);
  return (
    <Page lang={v.locale} title={say(msg("csat.pageTitle"))} base={props.base} script>
      <section>
        <h1>{say(msg("csat.pageTitle"))}</h1>
        <p class="ticket">{say(msg("csat.ticketLine", { ticket: `#${v.ticketId}`, subject: v.subject }))}</p>
        <Rating score={v.score} f={f} />
        <form method="post" action={v.action} id="send-rating">
          <p class="notice" role="status">
            {say(msg("csat.confirmNotice"))}
          </p>
          <button type="submit">{say(msg("csat.confirmSend"))}</button>
        </form>
      </section>
    </Page>
  );
}

export function SurveyPage(props: { view: SurveyView; base: string }) {
  const v = props.view;
  const f = new Formats(v.locale);
  const say = (m: Msg) => render(m, f);
  return (
    <Page lang={v.locale} title={say(msg("csat.pageTitle"))} base={props.base}>
      <section>
        <h1>{say(msg("csat.pageTitle"))}</h1>
        <p class="ticket">{say(msg("csat.ticketLine", { ticket: `#${v.ticketId}`, subject: v.subject }))}</p>
        <p class="notice" role="status">
          {say(notices[v.notice])}
        </p>
        <Rating score={v.score} f={f} />
        {v.comment !== null && (
          <>
            <p>{say(msg("csat.yourComment"))}</p>
            <blockquote>{v.comment}</blockquote>
          </>
        )}
        {v.commentAction !== null && (
          <form method="post" action={v.commentAction}>
            <label for="comment">{say(msg("csat.commentPrompt"))}</label>
            {v.error && (
              <p class="error" role="alert">
                {v.error.message}
              </p>
            )}
            <textarea id="comment" name="comment" maxlength={maxCommentLength} required>
              {v.error?.draft ?? ""}
            </textarea>
            <button type="submit">{say(msg("csat.commentSend"))}</button>
          </form>
        )}
      </section>
    </Page>
  );
}
