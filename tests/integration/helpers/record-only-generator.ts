import type { EngineGenerator } from "@/lib/engine/start-batch";
import type { GeneratorRequest } from "@/lib/generator/execute-generator";

/**
 * A stand-in for the report generator that renders nothing and succeeds: the engine's own cost and behaviour
 * (claim, admission, run records, group-committed ends, counters, audit), measured or simulated alone.
 * `waitBeforeFinish` lets a simulation make generation take time on its clock.
 */
export function recordOnlyGenerator(waitBeforeFinish?: (request: GeneratorRequest) => Promise<void>): EngineGenerator {
  return {
    render: async (_db, run, request) => {
      await waitBeforeFinish?.(request);
      const finishedAt = (request.clock ?? (() => new Date()))();
      return { run, id: run.id, status: "success", itemCount: 0, error: null, notes: [], finishedAt, report: null };
    },
  };
}
