// The committed copy of the OpenAPI document (manifest/openapi.json), for integrators who read it
// without a running service. `npx tsx adapters/api/openapi-file.ts` rewrites it; a test fails
// when it drifts from the routes.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { openApiDocument } from "./openapi.js";
import { apiRouteList } from "./routes/index.js";

export const openApiPath = fileURLToPath(new URL("../../manifest/openapi.json", import.meta.url));

export const openApiText = () => `${JSON.stringify(openApiDocument(apiRouteList), null, 2)}\n`;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(openApiPath, openApiText());
  console.log(`wrote ${openApiPath}`);
}
