// Lint: ESLint's and typescript-eslint's recommended rules (syntax-level; type errors are tsc's job),
// and the project's layering, so a rule has one home:
// - core imports no adapter, no bot/ code and no platform SDK or driver;
// - an adapter imports the core only through core/index.ts, gets no database handle (no driver,
//   query builder or generated table types, and never reads `deps.db`), and imports no other adapter.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const drivers = ["kysely", "pg", "better-sqlite3", "@prisma/*", "prisma", "prisma/*"];
const sdks = ["@slack/*", "discord.js", "@discordjs/*", "hono", "hono/*", "@hono/*", "nodemailer", "postal-mime", "ws"];

/** Imports an adapter may not make: core internals, bot/, the database layer, another adapter. */
function adapterRestrictions(self) {
  const others = ["slack", "discord", "email", "forms", "web", "api", "webhooks"].filter((a) => a !== self);
  return {
    paths: [],
    patterns: [
      { group: drivers, message: "Adapters get no database handle: ask the core (core/index.ts) for what you need." },
      { regex: "(^|/)core/(?!index\\.js$)", message: "Adapters import the core only through core/index.ts." },
      { regex: "(^|/)(bot|generated)/", message: "Adapters do not import bot/ or generated code." },
      { regex: `(^|/)(${others.join("|")})/`, message: "An adapter does not import another adapter." },
    ],
  };
}

const exempt = ["**/*.test.ts", "**/*.test.tsx"];

export default tseslint.config(
  { ignores: ["node_modules/", "generated/", "data/", "coverage/", "scratch/", "**/*.d.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // `_`-prefixed names are deliberately unused (positional parameters, rest siblings).
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none", ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: ["core/**/*.{ts,tsx}"],
    ignores: exempt,
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: [...sdks, "pg", "better-sqlite3", "@prisma/*", "prisma"], message: "The core depends on no platform SDK or driver." },
            { regex: "(^|/)(adapters|bot)/", message: "The core imports no adapter and no bot/ code." },
          ],
        },
      ],
    },
  },
  ...["slack", "discord", "email", "forms", "web", "api", "webhooks"].map((name) => ({
    files: [`adapters/${name}/**/*.{ts,tsx}`],
    ignores: exempt,
    rules: {
      "no-restricted-imports": ["error", adapterRestrictions(name)],
      "no-restricted-syntax": [
        "error",
        {
          selector:
            "MemberExpression[object.property.name='deps'][property.name='db'], MemberExpression[object.name='deps'][property.name='db']",
          message: "Adapters get no database handle: call a core function.",
        },
      ],
    },
  })),
);
