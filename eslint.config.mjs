import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// The layers, as rules: the browser's components never reach the database or the engine; pages and route
// handlers reach data only through lib's services (which check access); the data layer takes plain values,
// never validation code.
const layerRules = [
  {
    files: ["components/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["@/lib/db/*", "@/lib/engine/*"], message: "Components never reach the database or the engine: call the API, or take data as props." },
          ],
        },
      ],
    },
  },
  {
    files: ["app/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["@/lib/db/*"], message: "app/ reaches data through the lib services (they check access); add a loader there." }] },
      ],
    },
  },
  {
    files: ["lib/db/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["@/lib/validation/*", "zod"], allowTypeImports: true, message: "The data layer takes parsed values; validation belongs to the services." },
            { group: ["@/lib/autopilot/schedules", "@/lib/engine/*", "@/lib/generator/*", "next/*"], message: "lib/db is the bottom layer: nothing above it." },
          ],
        },
      ],
    },
  },
];

const eslintConfig = [
  ...nextVitals,
  ...nextTs,
  ...layerRules,
  { ignores: [".next/**", "node_modules/**", "test-results/**", "playwright-report/**", ".data/**", "next-env.d.ts"] },
];

export default eslintConfig;
