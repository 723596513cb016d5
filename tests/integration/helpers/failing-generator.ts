import type { EngineGenerator } from "@/lib/engine/start-batch";
import { renderRun } from "@/lib/generator/execute-generator";

/** The real generator, made to fail the way a broken render would: an unknown zone throws inside it. */
export const failingGenerator: EngineGenerator = {
  render: (db, run, request) => renderRun(db, run, { ...request, timeZone: "Invalid/Zone" }),
};
