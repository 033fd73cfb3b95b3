// The landing page of the survey email's links (mounted at /survey). GET /survey/<token> records
// nothing: mail scanners fetch every link of a message, often in order, and would rate for the
// requester. It shows the rating the link chose with a form posting to the same address, which our
// script submits as soon as a browser has the page (one click in the email is enough; without
// script, one button). POST /survey/<token> records the rating (the first answer counts; a later one
// is shown the first) and invites a comment; POST /survey/<token>/comment records that once. A link
// of an answered survey shows its rating without any post. The signed token is the capability: no
// session, no cookie, so another site cannot make a browser act with one it lacks (no CSRF token
// needed). A link that is not ours gets 400, one past its time 410, never a 500.
import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import {
  answerSurvey,
  checkSurveyToken,
  commentOnSurvey,
  Formats,
  isHelpdeskError,
  maxCommentLength,
  msg,
  surveyForm,
  surveyToken,
  type CoreDeps,
  type Locale,
  type Logger,
} from "../../../core/index.js";
import { noticePage } from "../notice-page.js";
import { securityHeaders } from "../security-headers.js";
import type { ServerEnv } from "../session.js";
import { surveyStylesheet } from "./survey-style.js";
import { surveyScript } from "./survey-script.js";
import { ConfirmPage, scriptName, stylesheetName, SurveyPage, type SurveyView } from "./survey-page.js";

export interface SurveyRoutesOptions {
  deps: CoreDeps;
  log?: Logger | undefined;
  /** SURVEY_LINK_SECRET; without it no link can be read, and every one is "not valid". */
  surveySecret?: string | undefined;
  /** Where the routes are mounted. Default "/survey". */
  basePath?: string;
}

/** A comment is at most maxCommentLength characters; a form post far bigger is refused before it is read. */
const maxBodyBytes = 64 * 1024;

export function surveyRoutes(opts: SurveyRoutesOptions): Hono<ServerEnv> {
  const { deps } = opts;
  const base = opts.basePath ?? "/survey";
  const app = new Hono<ServerEnv>();
  app.use("*", securityHeaders);
  app.use("*", async (c, next) => {
    await next();
    // Each page is one requester's: never cached, never indexed.
    c.header("Cache-Control", "no-store");
  });

  const texts = {
    bad: [msg("csat.badLinkTitle"), msg("csat.badLink")],
    expired: [msg("csat.expiredTitle"), msg("csat.expired")],
    notAnswered: [msg("csat.pageTitle"), msg("csat.notAnswered")],
    tooLong: [msg("csat.commentTooBigTitle"), msg("csat.commentTooBig", { count: maxCommentLength })],
  } as const;
  const notice = (c: Context, status: 400 | 410 | 413, kind: keyof typeof texts, locale: Locale | null) =>
    noticePage(c, status, texts[kind][0], texts[kind][1], { stylesheet: `${base}/${stylesheetName}`, locale });

  /** The page of an answered survey, with the comment form while a comment is taken. */
  async function answeredPage(c: Context, surveyId: string, notice: SurveyView["notice"], error?: SurveyView["error"]) {
    const form = await surveyForm(deps, surveyId);
    if (!form || form.score === null) return null;
    const open = form.comment === null && !form.expired && opts.surveySecret;
    // The form posts with a token of its own, good until comments close (which may be after the link's end).
    const action = open ? `${base}/${surveyToken(opts.surveySecret!, surveyId, form.score, form.commentUntil)}/comment` : null;
    const view: SurveyView = {
      locale: form.locale,
      ticketId: form.ticketId,
      subject: form.subject,
      score: form.score,
      notice,
      comment: form.comment,
      commentAction: action,
      ...(error ? { error } : {}),
    };
    return c.html(<SurveyPage view={view} base={base} />, error ? 400 : 200);
  }

  /**
   * The token's survey and rating, or the page saying why it gives none. A rating link past its
   * time still shows an answered survey's rating, with the comment form while comments are taken:
   * the requester may come back to the email after the survey closed.
   */
  async function read(c: Context, token: string, use: "rating" | "comment") {
    const check = opts.surveySecret ? checkSurveyToken(opts.surveySecret, token, deps.now()) : ({ ok: false, reason: "bad" } as const);
    if (check.ok) return check;
    if (check.reason === "bad") return notice(c, 400, "bad", null);
    const answered = use === "rating" ? await answeredPage(c, check.surveyId, "alreadyAnswered") : null;
    if (answered) return answered;
    const form = await surveyForm(deps, check.surveyId);
    return notice(c, 410, "expired", form?.locale ?? null);
  }

  app.get(`/${stylesheetName}`, (c) => {
    c.header("Content-Type", "text/css; charset=utf-8");
    return c.body(surveyStylesheet);
  });
  app.get(`/${scriptName}`, (c) => {
    c.header("Content-Type", "text/javascript; charset=utf-8");
    return c.body(surveyScript);
  });

  // Only looks: what a scanner, a link checker (HEAD) or a browser fetches. The browser's script sends the form.
  app.get("/:token", async (c) => {
    const token = c.req.param("token");
    const check = await read(c, token, "rating");
    if (check instanceof Response) return check;
    const form = await surveyForm(deps, check.surveyId);
    if (!form) return notice(c, 410, "expired", null);
    if (form.score !== null) return (await answeredPage(c, check.surveyId, "alreadyAnswered")) ?? notice(c, 410, "expired", form.locale);
    if (form.expired) return notice(c, 410, "expired", form.locale);
    const view = { locale: form.locale, ticketId: form.ticketId, subject: form.subject, score: check.score, action: `${base}/${token}` };
    return c.html(<ConfirmPage view={view} base={base} />);
  });

  app.post("/:token", bodyLimit({ maxSize: maxBodyBytes, onError: (c) => notice(c, 413, "bad", null) }), async (c) => {
    const check = await read(c, c.req.param("token"), "rating");
    if (check instanceof Response) return check;
    try {
      const r = await answerSurvey(deps, { surveyId: check.surveyId, score: check.score, via: { kind: "link" } });
      if (r.outcome === "expired") return notice(c, 410, "expired", r.locale);
      const page = await answeredPage(c, check.surveyId, r.outcome === "recorded" ? "thanks" : "alreadyAnswered");
      return page ?? notice(c, 410, "expired", r.locale);
    } catch (e) {
      // A survey whose ticket was deleted since: gone.
      if (isHelpdeskError(e) && e.code === "not_found") return notice(c, 410, "expired", null);
      throw e;
    }
  });

  /** A comment far too long to read: said in the survey's language when the token names it. */
  const tooLong = bodyLimit({
    maxSize: maxBodyBytes,
    onError: async (c) => {
      const check = opts.surveySecret ? checkSurveyToken(opts.surveySecret, c.req.param("token") ?? "", deps.now()) : null;
      const form = check && (check.ok || check.reason === "expired") ? await surveyForm(deps, check.surveyId) : null;
      return notice(c, 413, "tooLong", form?.locale ?? null);
    },
  });

  app.post("/:token/comment", tooLong, async (c) => {
    const check = await read(c, c.req.param("token"), "comment");
    if (check instanceof Response) return check;
    const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const comment = typeof body.comment === "string" ? body.comment : "";
    try {
      const r = await commentOnSurvey(deps, { surveyId: check.surveyId, comment, via: { kind: "link" } });
      if (r.outcome === "expired") return notice(c, 410, "expired", r.locale);
      if (r.outcome === "not_answered") return notice(c, 400, "notAnswered", r.locale);
      const page = await answeredPage(c, check.surveyId, r.outcome === "recorded" ? "commentThanks" : "alreadyCommented");
      return page ?? notice(c, 410, "expired", r.locale);
    } catch (e) {
      if (!isHelpdeskError(e)) throw e;
      if (e.code !== "invalid") return notice(c, 410, "expired", null);
      // Empty or too long: the form again, with why and what was written (cut to what fits).
      const form = await surveyForm(deps, check.surveyId);
      const f = new Formats(form?.locale ?? deps.catalog.locale);
      const draft = [...comment].slice(0, maxCommentLength).join("");
      const page = await answeredPage(c, check.surveyId, "alreadyAnswered", { message: e.messageIn(f), draft });
      return page ?? notice(c, 400, "bad", null);
    }
  });

  app.all("*", (c) => notice(c, 400, "bad", null));
  return app;
}
