// Everything a browser reaches, as the service mounts it: the customers' survey links are served
// without a session, the dashboard only with one.
import { afterEach, describe, expect, it } from "vitest";
import { surveyToken } from "../../core/csat/survey-token.js";
import { silentLogger } from "../../core/index.js";
import type { TestCore } from "../../test/harness.js";
import { closedTicket, csatCore, sentSurvey } from "../../test/csat-kit.js";
import { webRoutes } from "./index.js";

const secret = "survey-link-secret-for-tests";
let t: TestCore;
afterEach(() => t?.close());

describe("webRoutes", () => {
  it("serves a survey link without a session and records its rating; the dashboard asks for one", async () => {
    t = await csatCore();
    const id = await closedTicket(t, { subject: "Printer on fire" });
    const surveyId = await sentSurvey(t, id);
    const survey = await t.prisma.csatSurvey.findUniqueOrThrow({ where: { id: surveyId } });
    const app = webRoutes({
      deps: t.deps,
      log: silentLogger,
      publicUrl: "https://desk.example.org",
      surveySecret: secret,
      secureCookies: true,
    });

    const link = `/survey/${surveyToken(secret, surveyId, 4, survey.expiresAt)}`;
    expect((await app.request(link)).status).toBe(200);
    const res = await app.request(link, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "" });
    expect(res.status).toBe(200);
    expect((await t.prisma.ticket.findUniqueOrThrow({ where: { id } })).csatScore).toBe(4);

    expect((await app.request("/dashboard")).status).toBe(401);
  });
});
