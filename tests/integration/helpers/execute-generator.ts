import type { Database } from "@/lib/db/database";
import type { Run } from "@/lib/db/runs";
import { completeGeneratorRun, startGeneratorRun, type GeneratorRequest, type RunFinishHook } from "@/lib/generator/execute-generator";

/** Start and complete a run in one call, as a request handler and its after() would, for tests and benchmarks. */
export async function executeGenerator(db: Database, request: GeneratorRequest, onFinish?: RunFinishHook): Promise<Run> {
  const { run, spec } = await startGeneratorRun(db, request);
  return completeGeneratorRun(db, run, { ...request, specification: spec }, onFinish);
}
