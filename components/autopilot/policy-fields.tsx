"use client";

import { useEffect, useRef } from "react";
import type { FieldErrors, UseFormRegister } from "react-hook-form";
import { Field, TextInput } from "@/components/ui/field";
import type { PolicyValues } from "@/lib/autopilot/policy-form";

/** One policy checkbox with its one-line explanation. */
function PolicyCheckbox({ id, label, hint, register }: { id: "only_when_new" | "skip_when_empty"; label: string; hint: string; register: UseFormRegister<PolicyValues> }) {
  return (
    <div className="flex items-start gap-2">
      <input id={id} type="checkbox" className="mt-1" aria-describedby={`${id}-hint`} {...register(id)} />
      <div>
        <label htmlFor={id} className="text-sm font-medium text-slate-800">{label}</label>
        <p id={`${id}-hint`} className="text-xs text-slate-500">{hint}</p>
      </div>
    </div>
  );
}

/**
 * The editor's "Advanced" section, collapsed: the schedule's policies, each with one line on what it does.
 * Empty number fields mean the default their hint names. It opens by itself when one of its fields has an
 * error (and stays as the person left it otherwise).
 */
export function PolicyFields({
  register,
  errors,
  deploymentTimeoutSeconds,
  timezone,
  open,
  withDates = true,
}: {
  register: UseFormRegister<PolicyValues>;
  errors: FieldErrors<PolicyValues>;
  deploymentTimeoutSeconds: number;
  timezone: string;
  open: boolean;
  /** Start and end dates belong to one schedule, not to workspace defaults. */
  withDates?: boolean;
}) {
  const details = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    if (open && details.current) details.current.open = true;
  }, [open]);
  const number = (id: keyof PolicyValues, label: string, hint: string, placeholder = "") => (
    <Field id={id} label={label} hint={hint} error={errors[id]?.message}>
      <TextInput id={id} inputMode="numeric" placeholder={placeholder} invalid={!!errors[id]} {...register(id)} />
    </Field>
  );
  return (
    <details ref={details} className="rounded-md border border-slate-200 p-4" data-testid="advanced-policies">
      <summary className="cursor-pointer text-sm font-semibold text-slate-800">Advanced: retries, skipping, history{withDates ? ", dates" : ""}</summary>
      <div className="mt-4 space-y-4">
        <div className="grid gap-4 sm:grid-cols-2">
          {number("max_retries", "Retries of a failed run", "0–5. Tried again after about 5, 10, 20 … minutes, never past the next slot.", "2")}
          {number("timeout_seconds", "Run timeout (seconds)", `Empty: ${deploymentTimeoutSeconds} s, the most this deployment allows.`)}
        </div>
        <PolicyCheckbox id="only_when_new" label="Only when there is something new" hint="Skip the report when it would hold nothing the last report did not." register={register} />
        <PolicyCheckbox id="skip_when_empty" label="Skip empty reports" hint="Skip the report when its period holds no items at all." register={register} />
        <div className="grid gap-4 sm:grid-cols-2">
          {number("catch_up_minutes", "Catch-up window (minutes)", "After an outage, a slot missed by longer is skipped. Empty: one interval, at most 7 days.")}
          {number("pause_after_failures", "Pause after failures in a row", "Empty: never; a failed run does not block the next slot.")}
          {number("retention_days", "Keep history (days)", "Older runs and their reports are deleted; the latest successful report stays.", "90")}
          {number("retention_runs", "Keep at most (runs)", "Empty: every run within the days above.")}
        </div>
        {withDates && (
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id="starts_on" label="Start date" hint={`Optional: no run before this day (${timezone}).`} error={errors.starts_on?.message}>
            <TextInput id="starts_on" type="date" invalid={!!errors.starts_on} {...register("starts_on")} />
          </Field>
          <Field id="ends_on" label="End date" hint={`Optional: no run after this day (${timezone}); then it ends.`} error={errors.ends_on?.message}>
            <TextInput id="ends_on" type="date" invalid={!!errors.ends_on} {...register("ends_on")} />
          </Field>
        </div>
        )}
      </div>
    </details>
  );
}
