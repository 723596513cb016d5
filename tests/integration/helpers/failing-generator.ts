import { realGenerator, type EngineGenerator } from "@/lib/engine/execute-schedule";
import { completeGeneratorRun } from "@/lib/generator/execute-generator";

/** The real generator, made to fail the way a broken render would: an unknown zone throws inside it. */
export const failingGenerator: EngineGenerator = {
  start: realGenerator.start,
  complete: (db, run, request, onFinish) => completeGeneratorRun(db, run, { ...request, timeZone: "Invalid/Zone" }, onFinish),
};
