"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { ScheduleState } from "@/lib/autopilot/schedule-state";
import { ApiError, callApi } from "@/lib/http/api-client";
import { PauseDialog } from "./pause-dialog";

type Choice = "active" | "paused" | "off";

const CHOICES: { value: Choice; label: string; hint: string }[] = [
  { value: "active", label: "Active", hint: "runs at its slots" },
  { value: "paused", label: "Paused…", hint: "with a note, until a date or until resumed" },
  { value: "off", label: "Off", hint: "does not run until switched back" },
];

/** The one control over whether a schedule runs: Active, Paused (with a note and an end) or Off. */
export function ScheduleStateControl({
  workspaceId,
  scheduleId,
  name,
  state,
  zone,
  canManage,
}: {
  workspaceId: string;
  scheduleId: string;
  name: string;
  state: ScheduleState;
  zone: string;
  canManage: boolean;
}) {
  const router = useRouter();
  const [pausing, setPausing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const stored: Choice | null = state === "active" || state === "delivery_failing" ? "active" : state === "paused" ? "paused" : state === "off" ? "off" : null;
  // What was just chosen shows at once; when the page refreshes with a stored state, that state shows.
  const [chosen, setChosen] = useState<Choice | null>(null);
  const [seen, setSeen] = useState(stored);
  if (seen !== stored) {
    setSeen(stored);
    setChosen(null);
  }
  const current = chosen ?? stored;
  const ended = state === "ended";

  async function choose(choice: Choice) {
    if (choice === current || busy) return;
    if (choice === "paused") {
      setPausing(true);
      return;
    }
    setBusy(true);
    setError(null);
    setChosen(choice);
    try {
      // Leaving a pause for Off ends the pause too: one state at a time.
      const body = choice === "active" ? { status: "active", enabled: true } : { enabled: false, ...(state === "paused" ? { status: "active" } : {}) };
      await callApi(`/api/workspaces/${workspaceId}/schedules/${scheduleId}`, { method: "PATCH", body });
      router.refresh();
    } catch (err) {
      setChosen(null);
      setError(err instanceof ApiError ? err.message : "Could not change it");
    } finally {
      setBusy(false);
    }
  }

  return (
    <fieldset className="min-w-0" aria-describedby={`${scheduleId}-state-hint`}>
      <legend className="text-xs font-medium text-slate-700">Runs</legend>
      <div className="mt-1 inline-flex flex-wrap rounded-md border border-slate-300 bg-white p-0.5" aria-busy={busy}>
        {CHOICES.map((choice) => (
          <label
            key={choice.value}
            title={choice.hint}
            className={`relative cursor-pointer rounded px-3 py-1.5 text-sm has-[:focus-visible]:outline has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-brand-600 has-[:disabled]:cursor-not-allowed has-[:disabled]:opacity-50 ${
              current === choice.value ? "bg-brand-600 font-medium text-white" : "text-slate-700 hover:bg-slate-100"
            }`}
          >
            <input
              type="radio"
              name={`state-${scheduleId}`}
              value={choice.value}
              // Over the whole label, invisible: the label is what shows, the radio is what is clicked and focused.
              className="absolute inset-0 h-full w-full cursor-pointer opacity-0 disabled:cursor-not-allowed"
              checked={current === choice.value}
              // Not disabled while a change is saved: the focus stays where the person put it.
              disabled={!canManage || ended}
              onChange={() => void choose(choice.value)}
            />
            {choice.label}
          </label>
        ))}
      </div>
      <p id={`${scheduleId}-state-hint`} className="mt-1 text-xs text-slate-500">
        {!canManage
          ? "Only the schedule's creator or a workspace owner can change it."
          : ended
            ? "It has ended: change its end date to run it again."
            : state === "error"
              ? "Stopped by an error: fix the cause above, then choose Active."
              : "Active runs at its slots; Paused keeps a note and may resume by itself; Off stops it until switched back."}
      </p>
      {error && <p role="alert" className="text-xs text-red-700">{error}</p>}
      <PauseDialog open={pausing} workspaceId={workspaceId} scheduleId={scheduleId} name={name} zone={zone} onClose={() => setPausing(false)} onPaused={() => {
          setChosen("paused");
          router.refresh();
        }} />
    </fieldset>
  );
}
