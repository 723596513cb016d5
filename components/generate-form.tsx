"use client";

import Link from "next/link";
import { reportPath } from "@/lib/runs/report-path";
import { useState } from "react";
import { Checklist } from "@/components/checklist";
import { RunStatusBadge } from "@/components/run-status-badge";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClasses } from "@/components/ui/button";
import { Field, inputClasses } from "@/components/ui/field";
import { ApiError, callApi } from "@/lib/http/api-client";
import { FREQUENCIES } from "@/lib/schedule/frequency";
import { LostContact } from "./lost-contact";
import { useRunProgress, type RunSummary } from "./use-run-progress";

export interface GeneratableSpecification {
  id: string;
  name: string;
  frequency: string;
  categories: { id: string; name: string }[];
  regions: string[];
}

export function GenerateForm({ workspaceId, specifications }: { workspaceId: string; specifications: GeneratableSpecification[] }) {
  const [specId, setSpecId] = useState(specifications[0]?.id ?? "");
  const spec = specifications.find((s) => s.id === specId);
  const [categories, setCategories] = useState<string[]>(spec?.categories.map((c) => c.id) ?? []);
  const [regions, setRegions] = useState<string[]>(spec?.regions ?? []);
  const [cadence, setCadence] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [started, setStarted] = useState<RunSummary | null>(null);
  const { run, lostContact, retry } = useRunProgress(workspaceId, started);

  function chooseSpecification(id: string) {
    const next = specifications.find((s) => s.id === id);
    setSpecId(id);
    setCategories(next?.categories.map((c) => c.id) ?? []);
    setRegions(next?.regions ?? []);
    setStarted(null);
  }

  async function generate(event: React.FormEvent) {
    event.preventDefault();
    if (!spec) return;
    if (categories.length === 0 || regions.length === 0) {
      setError("Select at least one category and one region.");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const allCategories = categories.length === spec.categories.length;
      const allRegions = regions.length === spec.regions.length;
      setStarted(
        await callApi<RunSummary>(`/api/workspaces/${workspaceId}/runs`, {
          body: {
            specification_id: spec.id,
            categories_override: allCategories ? null : categories,
            regions_override: allRegions ? null : regions,
            cadence_override: cadence || null,
          },
        }),
      );
    } catch (err) {
      setError(err instanceof ApiError ? err.message : "Could not start the report; try again.");
    } finally {
      setBusy(false);
    }
  }

  if (!spec) {
    return <Alert tone="info">There is no active specification to generate from. Create or activate one first.</Alert>;
  }
  const inProgress = run && run.status === "running" && !lostContact;

  return (
    <form onSubmit={generate} className="space-y-6">
      {error && <Alert>{error}</Alert>}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="specification" label="Specification">
          <select id="specification" className={inputClasses} value={specId} onChange={(e) => chooseSpecification(e.target.value)}>
            {specifications.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </Field>
        <Field id="cadence" label="Cadence" hint="Sets the period covered. An override also lifts the frequency limit.">
          <select id="cadence" className={inputClasses} value={cadence} onChange={(e) => setCadence(e.target.value)}>
            <option value="">The specification&apos;s: {spec.frequency}</option>
            {FREQUENCIES.map((f) => (
              <option key={f} value={f}>
                Override: {f}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <Checklist
        legend="Categories"
        name="category"
        options={spec.categories.map((c) => ({ value: c.id, label: c.name }))}
        selected={categories}
        onChange={setCategories}
      />
      <Checklist legend="Regions" name="region" options={spec.regions.map((r) => ({ value: r, label: r }))} selected={regions} onChange={setRegions} />
      <div className="flex flex-wrap items-center gap-3 border-t border-slate-200 pt-4">
        <Button type="submit" busy={busy || !!inProgress}>
          {inProgress ? "Generating…" : "Generate"}
        </Button>
        {run && lostContact && <LostContact message={lostContact} retry={retry} />}
        {run && !lostContact && (
          <div role="status" aria-live="polite" className="flex items-center gap-2 text-sm">
            <RunStatusBadge status={run.status} />
            {run.status === "success" && <span>{run.item_count} items.</span>}
            {run.status === "failed" && <span className="text-red-700">{run.error}</span>}
            {run.status === "success" && (
              <Link className={buttonClasses("secondary")} href={reportPath(workspaceId, run.id)}>
                Open the report
              </Link>
            )}
          </div>
        )}
      </div>
    </form>
  );
}
