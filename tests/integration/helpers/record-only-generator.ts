import { finishRun, getRun } from "@/lib/db/runs";
import { withSystem } from "@/lib/db/transactions";
import { realGenerator, type EngineGenerator } from "@/lib/engine/execute-schedule";

/**
 * The real admission and run record, then a success recorded the way the real generator records it (the
 * guarded finish and the engine's hook in one transaction), without fetching feeds or rendering: the engine's
 * own cost and behaviour, measured or simulated alone.
 */
export function recordOnlyGenerator(waitBeforeFinish?: (request: Parameters<EngineGenerator["complete"]>[2]) => Promise<void>): EngineGenerator {
  return {
    start: realGenerator.start,
    complete: async (db, run, request, onFinish) => {
      await waitBeforeFinish?.(request);
      const clock = request.clock ?? (() => new Date());
      const finished = await withSystem(db, async (tx) => {
        
        const ended = await finishRun(tx, { id: run.id, status: "success", itemCount: 0, finishedAt: clock() });
        if (ended) await onFinish?.(tx, ended);
        return ended;
      });
      return finished ?? (await withSystem(db, (tx) => getRun(tx, { workspaceId: run.workspace_id, id: run.id })))!;
    },
  };
}
