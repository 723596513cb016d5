"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClasses } from "@/components/ui/button";
import { inputClasses } from "@/components/ui/field";
import { ApiError, callApi } from "@/lib/http/api-client";

interface ImportResult {
  dry_run: boolean;
  changes: { name: string; action: "create" | "update" | "unchanged"; fields: string[] }[];
  counts: { create: number; update: number; unchanged: number };
  kept: string[];
}

const ACTION_LABELS = { create: "Create", update: "Update", unchanged: "Unchanged" } as const;

function ChangeTable({ result }: { result: ImportResult }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid="import-changes">
        <caption className="sr-only">What the import {result.dry_run ? "would change" : "changed"}</caption>
        <thead className="text-xs text-slate-600">
          <tr>
            <th scope="col" className="py-1 pr-3">Schedule</th>
            <th scope="col" className="py-1 pr-3">Change</th>
            <th scope="col" className="py-1">Fields</th>
          </tr>
        </thead>
        <tbody>
          {result.changes.map((change) => (
            <tr key={change.name} className="border-t border-slate-200">
              <td className="py-1 pr-3">{change.name}</td>
              <td className="py-1 pr-3">{ACTION_LABELS[change.action]}</td>
              <td className="py-1 font-mono text-xs">{change.fields.join(", ")}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {result.kept.length > 0 && <p className="mt-2 text-xs text-slate-600">Not in the document, kept as they are: {result.kept.join(", ")}.</p>}
    </div>
  );
}

function summary({ counts }: ImportResult, tense: "would" | "did"): string {
  const parts = [`${counts.create} to create`, `${counts.update} to update`, `${counts.unchanged} unchanged`];
  return tense === "would" ? `Dry run: ${parts.join(", ")}. Nothing has changed yet.` : `Imported: ${counts.create} created, ${counts.update} updated, ${counts.unchanged} unchanged.`;
}

/**
 * Export the workspace's schedules as a JSON file; import one: a dry run first shows what would change (or
 * what is wrong, by its place in the document), then Apply makes every change in one transaction.
 */
export function SchedulesAsCodePanel({ workspaceId }: { workspaceId: string }) {
  const router = useRouter();
  const [text, setText] = useState("");
  const [busy, setBusy] = useState<"preview" | "apply" | null>(null);
  const [preview, setPreview] = useState<ImportResult | null>(null);
  const [applied, setApplied] = useState<ImportResult | null>(null);
  const [error, setError] = useState<{ message: string; fields: [string, string][] } | null>(null);

  async function send(dryRun: boolean) {
    setError(null);
    setApplied(null);
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch {
      setError({ message: "That is not JSON: paste an exported document or choose its file.", fields: [] });
      return;
    }
    setBusy(dryRun ? "preview" : "apply");
    try {
      const result = await callApi<ImportResult>(`/api/workspaces/${workspaceId}/schedules/import?dry_run=${dryRun}`, { method: "POST", body: document });
      if (dryRun) setPreview(result);
      else {
        setPreview(null);
        setApplied(result);
        router.refresh();
      }
    } catch (err) {
      setPreview(null);
      setError(err instanceof ApiError ? { message: err.message, fields: Object.entries(err.fields) } : { message: "Could not reach the server; try again.", fields: [] });
    } finally {
      setBusy(null);
    }
  }

  const changing = preview ? preview.counts.create + preview.counts.update : 0;
  return (
    <div className="space-y-6">
      <section aria-labelledby="export-heading" className="space-y-2">
        <h2 id="export-heading" className="text-base font-semibold">Export</h2>
        <p className="text-sm text-slate-700">
          Every schedule of this workspace as JSON: specifications by name, timing, policies and email recipients. Chat channels and webhooks are secrets: they are
          named under <code>not_exported</code> and never written to the file.
        </p>
        <a href={`/api/workspaces/${workspaceId}/schedules/export?download=1`} className={buttonClasses("secondary")} download>
          Download schedules (JSON)
        </a>
      </section>

      <section aria-labelledby="import-heading" className="space-y-3">
        <h2 id="import-heading" className="text-base font-semibold">Import</h2>
        <p className="text-sm text-slate-700">
          Schedules are matched by name: a name this workspace has is updated where it differs, a new name is created, and schedules the document does not name are kept.
          Chat channels and webhooks of updated schedules stay. All changes are made together, or none.
        </p>
        <div className="space-y-1">
          <label htmlFor="schedule_document_file" className="block text-sm font-medium text-slate-800">Document file</label>
          <input
            id="schedule_document_file"
            type="file"
            accept="application/json,.json"
            className="block text-sm"
            onChange={async (event) => {
              const file = event.target.files?.[0];
              if (file) {
                setText(await file.text());
                setPreview(null);
              }
            }}
          />
        </div>
        <div className="space-y-1">
          <label htmlFor="schedule_document" className="block text-sm font-medium text-slate-800">Or paste it</label>
          <textarea
            id="schedule_document"
            rows={10}
            className={`${inputClasses} font-mono text-xs`}
            value={text}
            onChange={(event) => {
              setText(event.target.value);
              setPreview(null);
            }}
          />
        </div>
        <div className="flex flex-wrap gap-3">
          <Button type="button" variant="secondary" busy={busy === "preview"} disabled={!text.trim() || busy !== null} onClick={() => send(true)}>
            Preview changes
          </Button>
          <Button type="button" busy={busy === "apply"} disabled={!preview || changing === 0 || busy !== null} onClick={() => send(false)}>
            {preview && changing > 0 ? `Apply ${changing} change${changing === 1 ? "" : "s"}` : "Apply"}
          </Button>
        </div>
        {error && (
          <Alert>
            {error.message}
            {error.fields.length > 0 && (
              <ul className="mt-1 list-disc pl-5 text-xs">
                {error.fields.map(([field, message]) => (
                  <li key={field}>
                    <code>{field}</code>: {message}
                  </li>
                ))}
              </ul>
            )}
          </Alert>
        )}
        {preview && (
          <div className="space-y-2">
            <Alert tone="info">{summary(preview, "would")}</Alert>
            <ChangeTable result={preview} />
          </div>
        )}
        {applied && (
          <div className="space-y-2">
            <Alert tone="success">
              {summary(applied, "did")} <Link className="underline" href={`/w/${workspaceId}/autopilot`}>See the schedules</Link>
            </Alert>
            <ChangeTable result={applied} />
          </div>
        )}
      </section>
    </div>
  );
}
