"use client";

import Link from "next/link";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { TextInput, inputClasses } from "@/components/ui/field";
import { ApiError, callApi } from "@/lib/http/api-client";

/** Owners save a schedule as one of the workspace's templates: a name, a line of description, and what stays behind. */
export function SaveAsTemplateButton({ workspaceId, scheduleId, scheduleName }: { workspaceId: string; scheduleId: string; scheduleName: string }) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState(scheduleName);
  const [description, setDescription] = useState("");
  const [saved, setSaved] = useState<{ name: string; left_out: string[] } | null>(null);
  return (
    <>
      <Button variant="secondary" onClick={() => setOpen(true)}>
        Save as template
      </Button>
      {saved && (
        <div className="basis-full">
          <Alert tone="success">
            Saved as the template “{saved.name}”: it is in the gallery under <Link className="underline" href={`/w/${workspaceId}/autopilot/new`}>New schedule</Link>.
            {saved.left_out.length > 0 && <> Not in the template (secrets stay with the schedule): {saved.left_out.join(", ")}.</>}
          </Alert>
        </div>
      )}
      <ConfirmDialog
        open={open}
        title="Save as a workspace template"
        confirmLabel="Save template"
        tone="primary"
        onCancel={() => setOpen(false)}
        onConfirm={async () => {
          try {
            const result = await callApi<{ name: string; left_out: string[] }>(`/api/workspaces/${workspaceId}/templates`, {
              method: "POST",
              body: { schedule_id: scheduleId, name, description },
            });
            setSaved(result);
            setOpen(false);
          } catch (error) {
            throw new Error(error instanceof ApiError ? error.message : "Could not save the template; try again.");
          }
        }}
      >
        <p className="mb-3">
          Everyone in the workspace can start a schedule from it: its timing (in their own time zone), policies, report period and email recipients.
          Chat channels and webhooks are secrets and are not copied.
        </p>
        <label htmlFor="template_name" className="block text-sm font-medium text-slate-800">Template name</label>
        <TextInput id="template_name" value={name} maxLength={100} onChange={(event) => setName(event.target.value)} />
        <label htmlFor="template_description" className="mt-3 block text-sm font-medium text-slate-800">Description (optional)</label>
        <textarea id="template_description" rows={2} maxLength={500} className={inputClasses} value={description} onChange={(event) => setDescription(event.target.value)} />
      </ConfirmDialog>
    </>
  );
}
