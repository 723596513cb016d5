"use client";

import { useState } from "react";
import { ApiError, callApi } from "@/lib/http/api-client";

/** On/off for a schedule: a real switch (role, state in words), disabled for people who may not change it. */
export function EnabledSwitch({
  workspaceId,
  scheduleId,
  name,
  enabled,
  canManage,
  onChange,
}: {
  workspaceId: string;
  scheduleId: string;
  name: string;
  enabled: boolean;
  canManage: boolean;
  onChange?: (enabled: boolean) => void;
}) {
  const [on, setOn] = useState(enabled);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <span className="inline-flex items-center gap-2">
      <button
        type="button"
        role="switch"
        aria-checked={on}
        aria-label={`${name}: ${on ? "enabled" : "disabled"}`}
        title={canManage ? undefined : "Only the schedule's creator or a workspace owner can change this"}
        disabled={!canManage || busy}
        onClick={async () => {
          setBusy(true);
          setError(null);
          try {
            await callApi(`/api/workspaces/${workspaceId}/schedules/${scheduleId}`, { method: "PATCH", body: { enabled: !on } });
            setOn(!on);
            onChange?.(!on);
          } catch (err) {
            setError(err instanceof ApiError ? err.message : "Could not change it");
          } finally {
            setBusy(false);
          }
        }}
        className={`relative inline-flex h-6 w-11 shrink-0 items-center rounded-full border transition disabled:cursor-not-allowed disabled:opacity-50 ${
          on ? "border-brand-600 bg-brand-600" : "border-slate-300 bg-slate-200"
        }`}
      >
        <span className={`inline-block h-5 w-5 rounded-full bg-white shadow transition ${on ? "translate-x-5" : "translate-x-0.5"}`} />
      </button>
      <span className="text-xs text-slate-600">{on ? "On" : "Off"}</span>
      {error && <span role="alert" className="text-xs text-red-700">{error}</span>}
    </span>
  );
}
