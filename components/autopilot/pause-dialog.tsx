"use client";

import { useState } from "react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { inputClasses } from "@/components/ui/field";
import { callApi } from "@/lib/http/api-client";
import { startOfLocalDate } from "@/lib/schedule/local-date";

/**
 * Pauses a schedule with a note for the others and, optionally, a date it resumes by itself (the start of
 * that day in the schedule's zone; its next slot after that runs, not the ones missed meanwhile).
 */
export function PauseDialog({
  open,
  workspaceId,
  scheduleId,
  name,
  zone,
  onClose,
  onPaused,
}: {
  open: boolean;
  workspaceId: string;
  scheduleId: string;
  name: string;
  zone: string;
  onClose: () => void;
  onPaused: () => void;
}) {
  const [note, setNote] = useState("");
  const [until, setUntil] = useState("");
  return (
    <ConfirmDialog
      open={open}
      title={`Pause “${name}”?`}
      confirmLabel="Pause"
      tone="primary"
      onCancel={onClose}
      onConfirm={async () => {
        const resumeAt = until ? startOfLocalDate(until, zone) : null;
        await callApi(`/api/workspaces/${workspaceId}/schedules/${scheduleId}`, {
          method: "PATCH",
          body: { status: "paused", paused_note: note || null, paused_until: resumeAt?.toISOString() ?? null },
        });
        onClose();
        onPaused();
      }}
    >
      <div className="space-y-3">
        <p>No reports are made while it is paused.</p>
        <div className="space-y-1">
          <label htmlFor="pause-note" className="block text-sm font-medium text-slate-800">Note (shown on the schedule)</label>
          <textarea id="pause-note" rows={2} maxLength={500} className={inputClasses} value={note} onChange={(event) => setNote(event.target.value)} />
        </div>
        <div className="space-y-1">
          <label htmlFor="pause-until" className="block text-sm font-medium text-slate-800">Resume by itself on (optional)</label>
          <input id="pause-until" type="date" className={inputClasses} aria-describedby="pause-until-hint" value={until} onChange={(event) => setUntil(event.target.value)} />
          <p id="pause-until-hint" className="text-xs text-slate-500">At the start of that day ({zone}); then its next slot runs, not the ones missed. Empty: until someone resumes it.</p>
        </div>
      </div>
    </ConfirmDialog>
  );
}
