"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ApiError, callApi } from "@/lib/http/api-client";

/** "Stop emailing me" for one schedule: the person's own address only; says what happened in place. */
export function StopMyEmailsButton({ workspaceId, scheduleId, name }: { workspaceId: string; scheduleId: string; name: string }) {
  const [state, setState] = useState<"idle" | "busy" | "done">("idle");
  const [error, setError] = useState<string | null>(null);
  if (state === "done") return <span role="status" className="text-xs text-slate-700">Stopped: “{name}” no longer emails you.</span>;
  return (
    <span className="inline-flex items-center gap-2">
      <Button
        type="button"
        variant="secondary"
        busy={state === "busy"}
        aria-label={`Stop emails from ${name}`}
        onClick={async () => {
          setState("busy");
          setError(null);
          try {
            await callApi(`/api/workspaces/${workspaceId}/my-emails/${scheduleId}`, { method: "DELETE" });
            setState("done");
          } catch (err) {
            setError(err instanceof ApiError ? err.message : "Could not stop them; try again.");
            setState("idle");
          }
        }}
      >
        Stop emailing me
      </Button>
      {error && <span role="alert" className="text-xs text-red-700">{error}</span>}
    </span>
  );
}
