import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { autopilotSettings, CONFIG_VARIABLES, config } from "@/lib/config";

/** The rows of README's configuration table: the variables each names, and whether it is for tests only. */
function readmeVariables(): { app: string[]; testsOnly: string[] } {
  const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
  const section = readme.slice(readme.indexOf("## Configuration"), readme.indexOf("\n## ", readme.indexOf("## Configuration") + 5));
  const app: string[] = [];
  const testsOnly: string[] = [];
  for (const row of section.split("\n").filter((line) => line.startsWith("| `"))) {
    const [first] = row.split("|").slice(1, 2);
    const names = [...first.matchAll(/`([A-Z0-9_]+)`/g)].map((m) => m[1]);
    (row.includes("Tests only") ? testsOnly : app).push(...names);
  }
  return { app, testsOnly };
}

describe("configuration", () => {
  afterEach(() => {
    delete process.env.AUTOPILOT_BATCH_SIZE;
    delete process.env.AUTOPILOT_RUN_TIMEOUT_SECONDS;
  });

  it("README's table lists exactly the variables the app reads", () => {
    const { app } = readmeVariables();
    expect([...app].sort()).toEqual([...CONFIG_VARIABLES].sort());
  });

  it("defaults apply when unset or empty, and a bad value is refused with the variable named", () => {
    process.env.AUTOPILOT_BATCH_SIZE = "";
    expect(autopilotSettings()).toMatchObject({ batchSize: 200, concurrency: 200, tickBudgetMs: 50_000, runTimeoutSeconds: 60 });
    process.env.AUTOPILOT_RUN_TIMEOUT_SECONDS = "45";
    expect(autopilotSettings().runTimeoutSeconds).toBe(45);
    process.env.AUTOPILOT_BATCH_SIZE = "lots";
    expect(() => config()).toThrow(/AUTOPILOT_BATCH_SIZE/);
  });
});
