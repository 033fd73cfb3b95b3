import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { openApiPath, openApiText } from "./openapi-file.js";
import { apiKit, call } from "./testing/api-kit.js";
import { apiRouteList } from "./routes/index.js";

describe("the OpenAPI document", () => {
  it("is committed as generated (run `npx tsx adapters/api/openapi-file.ts` after changing a route)", () => {
    expect(readFileSync(openApiPath, "utf8")).toBe(openApiText());
  });

  it("is OpenAPI 3.1 with every route, each with its schemas, and is served without a token", async () => {
    const k = await apiKit();
    try {
      const res = await call(k.app, null, "GET", "/openapi.json");
      expect(res.status).toBe(200);
      const doc = res.body;
      expect(doc).toEqual(JSON.parse(openApiText()));
      expect(doc.openapi).toBe("3.1.0");
      for (const r of apiRouteList) {
        const op = doc.paths[r.path]?.[r.method];
        expect(op?.operationId, `${r.method} ${r.path}`).toBe(r.operationId);
        expect(op.responses[String(r.status)].content["application/json"].schema).toBeTruthy();
        expect(op.responses["401"]).toBeTruthy();
        if (r.body) expect(op.requestBody.content["application/json"].schema).toBeTruthy();
      }
      // Every reference points at a component that is there.
      const refs = JSON.stringify(doc).match(/"#\/components\/schemas\/[^"]+"/g) ?? [];
      for (const ref of new Set(refs)) expect(doc.components.schemas).toHaveProperty(ref.slice(22, -1));
      for (const ref of new Set(JSON.stringify(doc).match(/"#\/components\/headers\/[^"]+"/g) ?? []))
        expect(doc.components.headers).toHaveProperty(ref.slice(22, -1));
      expect(doc.components.schemas.Ticket.properties.priority.enum).toEqual(["low", "medium", "high", "urgent"]);
      expect(doc.paths["/tickets"].get.parameters.map((p: { name: string }) => p.name)).toContain("cursor");
      // Path parameters as their routes parse them: a ticket number, a webhook endpoint's id.
      const pathParam = (path: string, method: string) => doc.paths[path][method].parameters.find((p: { in: string }) => p.in === "path");
      expect(pathParam("/tickets/{id}", "get").schema).toMatchObject({ type: "integer", maximum: 2_147_483_647 });
      expect(pathParam("/webhooks/{id}/enable", "post").schema).toMatchObject({ type: "string", minLength: 1 });
    } finally {
      await k.t.close();
    }
  });
});
