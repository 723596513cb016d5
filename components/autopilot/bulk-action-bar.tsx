"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { inputClasses } from "@/components/ui/field";
import { ApiError, callApi } from "@/lib/http/api-client";
import type { BulkAction } from "@/lib/validation/bulk-schedules";

interface BulkResult {
  id: string;
  name: string | null;
  outcome: "done" | "unchanged" | "refused";
  error: string | null;
}

const DONE: Record<BulkAction, string> = {
  pause: "Paused",
  resume: "Resumed",
  enable: "Switched on",
  disable: "Switched off",
  delete: "Deleted",
  add_recipient: "Added the recipient to",
  remove_recipient: "Removed the recipient from",
};

const plural = (n: number) => `${n} schedule${n === 1 ? "" : "s"}`;

/** What a bulk action did, in one sentence per outcome; refusals name each schedule and the reason. */
export function describeBulkResults(action: BulkAction, results: BulkResult[]): { text: string; refused: string[] } {
  const done = results.filter((r) => r.outcome === "done").length;
  const unchanged = results.filter((r) => r.outcome === "unchanged").length;
  const refused = results.filter((r) => r.outcome === "refused").map((r) => `${r.name ? `“${r.name}”` : "A schedule"}: ${r.error}`);
  const parts = [`${DONE[action]} ${plural(done)}.`];
  if (unchanged) parts.push(`${plural(unchanged)} already so.`);
  if (refused.length) parts.push(`${plural(refused.length)} refused.`);
  return { text: parts.join(" "), refused };
}

/**
 * Actions on the ticked schedules: pause, resume, switch on or off, add or remove an email recipient, delete
 * (after a question). Each schedule is checked on its own: the answer says what was done and what was refused.
 */
export function BulkActionBar({ workspaceId, ids, onDone }: { workspaceId: string; ids: string[]; onDone: (summary: { text: string; refused: string[] }, doneIds: string[]) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [recipient, setRecipient] = useState<"add_recipient" | "remove_recipient" | null>(null);
  const [email, setEmail] = useState("");
  const [deleting, setDeleting] = useState(false);

  const run = async (action: BulkAction, extra: Record<string, unknown> = {}) => {
    setBusy(true);
    setError(null);
    try {
      const { results } = await callApi<{ results: BulkResult[] }>(`/api/workspaces/${workspaceId}/schedules/bulk`, { body: { action, ids, ...extra } });
      setRecipient(null);
      setEmail("");
      onDone(describeBulkResults(action, results), results.filter((r) => r.outcome !== "refused").map((r) => r.id));
    } catch (err) {
      const message = err instanceof ApiError ? err.message : "The server did not answer; try again.";
      setError(message);
      throw new Error(message);
    } finally {
      setBusy(false);
    }
  };
  const quietly = (action: BulkAction, extra?: Record<string, unknown>) => run(action, extra).catch(() => {});

  return (
    <div role="region" aria-label="Selected schedules" className="flex flex-wrap items-center gap-2 rounded-md border border-brand-100 bg-brand-50 px-3 py-2 text-sm">
      <span className="font-medium">{ids.length} selected</span>
      <Button variant="secondary" disabled={busy} onClick={() => quietly("pause")}>Pause</Button>
      <Button variant="secondary" disabled={busy} onClick={() => quietly("resume")}>Resume</Button>
      <Button variant="secondary" disabled={busy} onClick={() => quietly("enable")}>Switch on</Button>
      <Button variant="secondary" disabled={busy} onClick={() => quietly("disable")}>Switch off</Button>
      <Button variant="secondary" disabled={busy} onClick={() => setRecipient("add_recipient")}>Add recipient…</Button>
      <Button variant="secondary" disabled={busy} onClick={() => setRecipient("remove_recipient")}>Remove recipient…</Button>
      <Button variant="danger" disabled={busy} onClick={() => setDeleting(true)}>Delete…</Button>
      {recipient && (
        <form
          className="flex w-full flex-wrap items-end gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            void quietly(recipient, { email });
          }}
        >
          <label className="text-xs font-medium text-slate-700">
            {recipient === "add_recipient" ? "Email address to add" : "Email address to remove"}
            <input type="email" required autoFocus value={email} onChange={(event) => setEmail(event.target.value)} className={`${inputClasses} block`} />
          </label>
          <Button type="submit" busy={busy}>{recipient === "add_recipient" ? "Add to selected" : "Remove from selected"}</Button>
          <Button type="button" variant="ghost" onClick={() => setRecipient(null)}>Cancel</Button>
        </form>
      )}
      {error && (
        <p role="alert" className="w-full text-red-800">
          {error}
        </p>
      )}
      <ConfirmDialog open={deleting} title={`Delete ${plural(ids.length)}?`} confirmLabel={`Delete ${plural(ids.length)}`} onCancel={() => setDeleting(false)} onConfirm={async () => {
        await run("delete");
        setDeleting(false);
      }}>
        They stop running at once. Their past runs and reports stay in Reports. Schedules you may not delete are left as they are.
      </ConfirmDialog>
    </div>
  );
}
