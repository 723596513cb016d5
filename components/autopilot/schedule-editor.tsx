"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { Controller, get, set, useForm, useWatch, type FieldErrors, type FieldPath, type Resolver, type UseFormRegister } from "react-hook-form";
import { Checklist } from "@/components/checklist";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, TextInput, inputClasses } from "@/components/ui/field";
import { ApiError, callApi } from "@/lib/http/api-client";
import { WEEKDAY_NAMES, type ScheduleType } from "@/lib/schedule/schedule-config";
import { parseTimeOfDay } from "@/lib/schedule/time-of-day";
import { scheduleCreateSchema } from "@/lib/validation/schedule";
import { FREQUENCIES, naturalPeriod } from "@/lib/schedule/frequency";
import { DestinationFields, destinationField, destinationsOf, type DestinationValues } from "./destination-fields";
import { useLeaveGuard } from "@/components/use-leave-guard";
import { plainMessage } from "./form-messages";
import { SchedulePreview } from "./schedule-preview";
import { CronBuilderFields } from "./cron-builder-fields";
import { TimeZonePicker } from "@/components/time/time-zone-picker";
import { modernZoneName } from "@/lib/schedule/time-zone-names";
import type { SchedulePreview as Preview } from "@/lib/schedule/preview";
import { PolicyFields } from "./policy-fields";
import type { UpstreamChoice } from "@/lib/autopilot/schedules";
import { DEFAULT_POLICY_VALUES, POLICY_FORM_FIELDS, datesRequest, policyRequest, type PolicyValues } from "@/lib/autopilot/policy-form";
import { noChannelsDependencyOrBatch } from "@/lib/autopilot/editor-defaults";

export interface EditorSpecification {
  id: string;
  name: string;
  frequency: string;
  categories: { id: string; name: string }[];
  regions: string[];
}

export interface EditorValues extends DestinationValues, PolicyValues {
  specification_id: string;
  schedule_name: string;
  schedule_type: ScheduleType;
  time: string;
  day_of_week: number;
  day_of_month: number | "last";
  cron_expression: string;
  timezone: string;
  categories: string[];
  regions: string[];
  cadence_override: "" | "daily" | "weekly" | "monthly";
  notes: string;
  editor_summary: boolean;
  /** "" runs at its own time; an id runs after that schedule succeeds, at its slots. */
  depends_on_schedule_id: string;
  wait_minutes: string;
  /** A batch: the further specifications each slot also reports on. */
  batch_specification_ids: string[];
}

function scheduleConfig(values: EditorValues): Record<string, unknown> {
  const { timezone } = values;
  // "9:00" and "9am" mean 09:00; anything else goes as typed, for the schema to explain.
  const time = parseTimeOfDay(values.time) ?? values.time;
  switch (values.schedule_type) {
    case "daily":
      return { time, timezone };
    case "weekly":
      return { day_of_week: values.day_of_week, time, timezone };
    case "monthly":
      return { day_of_month: values.day_of_month, time, timezone };
    case "custom":
      return { cron_expression: values.cron_expression, timezone };
  }
}

/** The API's request body: every category and region selected means "all" (null), the default. */
function requestBody(values: EditorValues, spec: EditorSpecification | undefined) {
  const allCategories = spec && values.categories.length === spec.categories.length;
  const allRegions = spec && values.regions.length === spec.regions.length;
  return {
    specification_id: values.specification_id,
    schedule_name: values.schedule_name,
    schedule_type: values.schedule_type,
    schedule_config: scheduleConfig(values),
    categories_override: allCategories ? null : values.categories,
    regions_override: allRegions ? null : values.regions,
    cadence_override: values.cadence_override || null,
    notes: values.notes || null,
    editor_summary: values.editor_summary,
    depends_on_schedule_id: values.depends_on_schedule_id || null,
    wait_minutes: values.depends_on_schedule_id && values.wait_minutes.trim() ? (/^\d+$/.test(values.wait_minutes.trim()) ? Number(values.wait_minutes) : values.wait_minutes) : null,
    batch_specification_ids: values.batch_specification_ids.filter((id) => id !== values.specification_id),
    destinations: destinationsOf(values).destinations,
    ...policyRequest(values),
    ...datesRequest(values, values.timezone),
  };
}

/** Maps an API field path back to the form's field. */
function formField(path: string, values: EditorValues): FieldPath<EditorValues> | "root" | "root.destinations" {
  if (path === "destinations" || path.startsWith("destinations.")) return destinationField(path, values) as FieldPath<EditorValues> | "root.destinations";
  const last = path.split(".").pop() ?? "";
  if (last === "categories_override") return "categories";
  if (last === "regions_override") return "regions";
  if (last === "starts_at") return "starts_on";
  if (last === "ends_at") return "ends_on";
  if ((POLICY_FORM_FIELDS as string[]).includes(last)) return last as keyof PolicyValues;
  const fields: (keyof EditorValues)[] = ["specification_id", "schedule_name", "schedule_type", "time", "day_of_week", "day_of_month", "cron_expression", "timezone", "cadence_override", "notes", "depends_on_schedule_id", "wait_minutes", "batch_specification_ids"];
  return fields.includes(last as keyof EditorValues) ? (last as keyof EditorValues) : "root";
}


export function ScheduleEditor({
  workspaceId,
  specifications,
  scheduleId,
  initial,
  emailConfigured,
  summaryConfigured = false,
  deploymentTimeoutSeconds,
  policyDefaults = DEFAULT_POLICY_VALUES,
  enableOnSave = false,
  zoneFromBrowser = !initial,
  upstreamChoices = [],
}: {
  workspaceId: string;
  specifications: EditorSpecification[];
  scheduleId?: string;
  initial?: EditorValues;
  /** Whether the server can send email (SMTP_URL): without it, recipients are saved and wait. */
  emailConfigured: boolean;
  /** Whether a model is configured for editor's summaries: without one the option is not shown. */
  summaryConfigured?: boolean;
  /** The deployment's run timeout: a schedule's default and its most. */
  deploymentTimeoutSeconds: number;
  /** A new schedule's policies: the workspace's defaults. */
  policyDefaults?: PolicyValues;
  /** A copy is made switched off: saving it in the editor is what switches it on. */
  enableOnSave?: boolean;
  /** Start in the browser's zone (a new schedule, or one from a template); an existing one keeps its own. */
  zoneFromBrowser?: boolean;
  /** The workspace's schedules this one may run after (itself excluded by the editor). */
  upstreamChoices?: UpstreamChoice[];
}) {
  const router = useRouter();
  const [serverError, setServerError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [preview, setPreview] = useState<Preview | null>(null);
  // Timing errors found while typing (by the preview), shown under their field before anything is saved.
  const [timingError, setTimingError] = useState<{ field: string; message: string } | null>(null);
  const fieldError = (field: keyof EditorValues) => errors[field]?.message ?? (timingError?.field === field ? timingError.message : undefined);
  const first = specifications[0];
  const defaults: EditorValues = initial ?? {
    specification_id: first?.id ?? "",
    schedule_name: first ? `${first.name} on Autopilot` : "",
    schedule_type: "weekly",
    time: "09:00",
    day_of_week: 0,
    day_of_month: 1,
    cron_expression: "0 9 * * 1-5",
    timezone: "UTC",
    categories: first?.categories.map((c) => c.id) ?? [],
    regions: first?.regions ?? [],
    cadence_override: "",
    notes: "",
    editor_summary: false,
    email_to: "",
    ...noChannelsDependencyOrBatch(),
    ...policyDefaults,
  };

  // The shared zod schema validates what the API will receive; its field paths are mapped back to the form.
  const resolver: Resolver<EditorValues> = async (values) => {
    const spec = specifications.find((s) => s.id === values.specification_id);
    const result = scheduleCreateSchema.safeParse(requestBody(values, spec));
    const errors: FieldErrors<EditorValues> = {};
    if (values.categories.length === 0) errors.categories = { type: "required", message: "Select at least one category" };
    if (values.regions.length === 0) errors.regions = { type: "required", message: "Select at least one region" };
    if (!result.success) {
      for (const issue of result.error.issues) {
        const field = formField(issue.path.map(String).join("."), values);
        if (field !== "root" && !get(errors, field)) set(errors, field, { type: "validation", message: plainMessage(field, issue.message) });
      }
    }
    return Object.keys(errors).length ? { values: {}, errors } : { values, errors: {} };
  };

  const form = useForm<EditorValues>({ resolver, defaultValues: defaults });
  const { register, control, handleSubmit, setValue, setError, getValues, formState } = form;
  const { errors, isSubmitting, isDirty, isSubmitSuccessful } = formState;
  const values = useWatch({ control }) as EditorValues;
  const spec = specifications.find((s) => s.id === values.specification_id);

  // A new schedule starts in the browser's zone (known only in the browser, hence after hydration).
  useEffect(() => {
    if (!zoneFromBrowser) return;
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone) setValue("timezone", modernZoneName(zone));
  }, [zoneFromBrowser, setValue]);

  // Leaving with unsaved changes asks first, whether by a link, the tab or Cancel.
  const guard = useLeaveGuard(isDirty && !isSubmitSuccessful, "Your changes to this schedule are not saved.");

  const onSubmit = handleSubmit(async (formValues) => {
    setServerError(null);
    setSaved(false);
    const body = requestBody(formValues, spec);
    const base = `/api/workspaces/${workspaceId}/schedules`;
    try {
      const result = await callApi<{ id: string }>(scheduleId ? `${base}/${scheduleId}` : base, {
        method: scheduleId ? "PATCH" : "POST",
        body: enableOnSave ? { ...body, enabled: true } : body,
      });
      form.reset(formValues);
      setSaved(true);
      router.push(`/w/${workspaceId}/autopilot/${result.id}?saved=${scheduleId ? "updated" : "created"}`);
      router.refresh();
    } catch (error) {
      if (error instanceof ApiError) {
        for (const [path, message] of Object.entries(error.fields)) {
          const field = formField(path, formValues);
          if (field !== "root") setError(field, { message: plainMessage(field, message) });
        }
        setServerError(error.message);
      } else {
        setServerError("Something went wrong; try again.");
      }
    }
  });

  if (!first) {
    return <Alert tone="info">There is no active specification to schedule. Create or activate one under Specifications first.</Alert>;
  }

  const type = values.schedule_type;
  const upstreams = upstreamChoices.filter((choice) => choice.id !== scheduleId);
  const upstream = upstreams.find((choice) => choice.id === values.depends_on_schedule_id);
  // Runs after another: its timing is that schedule's, shown (and previewed) but not edited here.
  const followUpstream = (id: string) => {
    const chosen = upstreams.find((choice) => choice.id === id);
    if (!chosen) return;
    const config = chosen.schedule_config as Record<string, unknown>;
    setValue("schedule_type", chosen.schedule_type, { shouldDirty: true });
    setValue("timezone", chosen.schedule_config.timezone, { shouldDirty: true });
    if (typeof config.time === "string") setValue("time", config.time);
    if (typeof config.day_of_week === "number") setValue("day_of_week", config.day_of_week);
    if (config.day_of_month !== undefined) setValue("day_of_month", config.day_of_month as number | "last");
    if (typeof config.cron_expression === "string") setValue("cron_expression", config.cron_expression);
    if (!getValues("wait_minutes")) setValue("wait_minutes", "60");
  };
  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-6 lg:grid-cols-[1fr_20rem]">
      <div className="space-y-6">
        {serverError && <Alert>{serverError}</Alert>}
        {saved && <Alert tone="success">Saved.</Alert>}
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id="specification_id" label="Specification" error={errors.specification_id?.message}>
            <select
              id="specification_id"
              className={inputClasses}
              {...register("specification_id", {
                onChange: (event) => {
                  const next = specifications.find((s) => s.id === event.target.value);
                  setValue("categories", next?.categories.map((c) => c.id) ?? []);
                  setValue("regions", next?.regions ?? []);
                  setValue("batch_specification_ids", getValues("batch_specification_ids").filter((id) => id !== next?.id));
                },
              })}
            >
              {specifications.map((s) => (
                <option key={s.id} value={s.id}>{s.name}</option>
              ))}
            </select>
          </Field>
          <Field id="schedule_name" label="Schedule name" error={errors.schedule_name?.message}>
            <TextInput id="schedule_name" invalid={!!errors.schedule_name} {...register("schedule_name")} />
          </Field>
        </div>

        <fieldset className="space-y-4 rounded-md border border-slate-200 p-4">
          <legend className="px-1 text-sm font-semibold text-slate-800">When</legend>
          {upstreams.length > 0 && (
            <div className="grid gap-4 sm:grid-cols-3">
              <div className="sm:col-span-2">
                <Field id="depends_on_schedule_id" label="Runs" error={fieldError("depends_on_schedule_id")}>
                  <select id="depends_on_schedule_id" className={inputClasses} {...register("depends_on_schedule_id", { onChange: (event) => followUpstream(event.target.value) })}>
                    <option value="">At its own time</option>
                    {upstreams.map((choice) => (
                      <option key={choice.id} value={choice.id}>After “{choice.name}” succeeds</option>
                    ))}
                  </select>
                </Field>
              </div>
              {upstream && (
                <Field id="wait_minutes" label="Wait for it up to (minutes)" hint="After the slot; then this run is skipped" error={fieldError("wait_minutes")}>
                  <TextInput id="wait_minutes" inputMode="numeric" invalid={!!fieldError("wait_minutes")} {...register("wait_minutes")} />
                </Field>
              )}
            </div>
          )}
          {upstream && (
            <p className="text-sm text-slate-700" data-testid="runs-after">
              Runs at the slots of “{upstream.name}”, once its run of the same slot has succeeded; if that run fails or is skipped, this one is skipped
              with the reason. Its timing follows “{upstream.name}” (change it there).
            </p>
          )}
          <div inert={Boolean(upstream)} className={upstream ? "space-y-4 opacity-60" : "space-y-4"}>
          <div className="grid gap-4 sm:grid-cols-3">
            <Field id="schedule_type" label="Cadence" error={errors.schedule_type?.message}>
              <select id="schedule_type" className={inputClasses} {...register("schedule_type")}>
                <option value="daily">Daily</option>
                <option value="weekly">Weekly</option>
                <option value="monthly">Monthly</option>
                <option value="custom">Custom (days, hours, cron)</option>
              </select>
            </Field>
            {type === "weekly" && (
              <Field id="day_of_week" label="Day" error={fieldError("day_of_week")}>
                <select id="day_of_week" className={inputClasses} {...register("day_of_week", { setValueAs: (v) => Number(v) })}>
                  {WEEKDAY_NAMES.map((name, index) => (
                    <option key={name} value={index}>{name}</option>
                  ))}
                </select>
              </Field>
            )}
            {type === "monthly" && (
              <Field id="day_of_month" label="Day of the month" error={fieldError("day_of_month")}>
                <select id="day_of_month" className={inputClasses} {...register("day_of_month", { setValueAs: (v) => (v === "last" ? "last" : Number(v)) })}>
                  {Array.from({ length: 28 }, (_, i) => i + 1).map((day) => (
                    <option key={day} value={day}>{day}</option>
                  ))}
                  <option value="last">Last day</option>
                </select>
              </Field>
            )}
            {type !== "custom" && (
              <Field id="time" label="Time (24-hour)" hint="e.g. 9:00, 14:30 or 9am" error={fieldError("time")}>
                <TextInput
                  id="time"
                  placeholder="09:00"
                  invalid={!!fieldError("time")}
                  {...register("time", { onBlur: (event) => setValue("time", parseTimeOfDay(event.target.value) ?? event.target.value) })}
                />
              </Field>
            )}
            {type === "custom" && (
              <Field id="cron_expression" label="Cron expression" hint="minute hour day month weekday, e.g. 0 9 * * 1-5" error={fieldError("cron_expression")}>
                <TextInput id="cron_expression" className="font-mono" invalid={!!fieldError("cron_expression")} {...register("cron_expression")} />
              </Field>
            )}
          </div>
          {type === "custom" && (
            <CronBuilderFields expression={values.cron_expression} onChange={(expression) => setValue("cron_expression", expression, { shouldDirty: true })} />
          )}
          {type === "weekly" && <p className="text-xs text-slate-600">Several days a week, business days or the first Monday of the month: choose Custom and tick them.</p>}
          <Field id="timezone" label="Time zone" error={fieldError("timezone")}>
            <TimeZonePicker id="timezone" value={values.timezone} {...register("timezone")} />
          </Field>
          </div>
        </fieldset>

        {spec && (
          <fieldset className="space-y-4 rounded-md border border-slate-200 p-4">
            <legend className="px-1 text-sm font-semibold text-slate-800">What</legend>
            <Controller
              control={control}
              name="categories"
              render={({ field }) => (
                <div>
                  <Checklist legend="Categories" name="schedule-category" options={spec.categories.map((c) => ({ value: c.id, label: c.name }))} selected={field.value} onChange={field.onChange} />
                  {errors.categories && <p role="alert" className="mt-1 text-xs font-medium text-red-700">{errors.categories.message}</p>}
                </div>
              )}
            />
            <Controller
              control={control}
              name="regions"
              render={({ field }) => (
                <div>
                  <Checklist legend="Regions" name="schedule-region" options={spec.regions.map((r) => ({ value: r, label: r }))} selected={field.value} onChange={field.onChange} />
                  {errors.regions && <p role="alert" className="mt-1 text-xs font-medium text-red-700">{errors.regions.message}</p>}
                </div>
              )}
            />
            <Field id="cadence_override" label="Report period" hint="A different period than the specification's also lifts its frequency limit." error={errors.cadence_override?.message}>
              <select id="cadence_override" className={inputClasses} {...register("cadence_override")}>
                <option value="">The specification&apos;s: {spec.frequency}</option>
                {FREQUENCIES.map((f) => (
                  <option key={f} value={f}>Override: {f}</option>
                ))}
              </select>
            </Field>
            {specifications.length > 1 && (
              <Controller
                control={control}
                name="batch_specification_ids"
                render={({ field }) => (
                  <div data-testid="batch-specifications">
                    <Checklist
                      legend="Also report on"
                      name="schedule-batch"
                      options={specifications.filter((s) => s.id !== values.specification_id).map((s) => ({ value: s.id, label: `${s.name} (${s.frequency})` }))}
                      selected={field.value}
                      onChange={field.onChange}
                    />
                    <p className="mt-1 text-xs text-slate-600">
                      Each slot makes one report per specification, with all its categories and regions, each under its own frequency (a weekly one
                      once a week), and sends them together: one email with a part and an attachment per report, one message per chat channel or webhook.
                    </p>
                    {errors.batch_specification_ids && <p role="alert" className="mt-1 text-xs font-medium text-red-700">{errors.batch_specification_ids.message}</p>}
                  </div>
                )}
              />
            )}
          </fieldset>
        )}

        <DestinationFields workspaceId={workspaceId} scheduleId={scheduleId} emailConfigured={emailConfigured} control={control} register={register} getValues={getValues} setValue={setValue} errors={errors} />

        <PolicyFields
          register={register as unknown as UseFormRegister<PolicyValues>}
          errors={errors}
          deploymentTimeoutSeconds={deploymentTimeoutSeconds}
          timezone={values.timezone}
          open={POLICY_FORM_FIELDS.some((field) => errors[field])}
        />

        {summaryConfigured && (
          <label className="flex items-start gap-2 text-sm text-slate-800">
            <input type="checkbox" className="mt-1" {...register("editor_summary")} />
            <span>
              Add an editor&apos;s summary
              <span className="block text-xs text-slate-600">
                A short intro and a few sentences per section, written by a language model from the report&apos;s items only (their titles and summaries are sent to
                it); each sentence links its items. If the model fails, the report is sent without it.
              </span>
            </span>
          </label>
        )}

        <Field id="notes" label="Notes" error={errors.notes?.message}>
          <textarea id="notes" rows={2} className={inputClasses} {...register("notes")} />
        </Field>

        {preview?.never_delivers && (
          <div data-testid="never-delivers">
            <Alert>
              <span className="flex flex-wrap items-center gap-3">
                <span>
                  As things stand this schedule makes no report: every slot in the preview is skipped, because another schedule or a Generate
                  makes that period&apos;s report first (each is named in the preview). Choose another time, or report at every slot.
                </span>
                <Button type="button" variant="secondary" onClick={() => setValue("cadence_override", naturalPeriod(values.schedule_type), { shouldDirty: true })}>
                  Report at every slot
                </Button>
              </span>
            </Alert>
          </div>
        )}
        <div className="flex items-center gap-3 border-t border-slate-200 pt-4">
          <Button type="submit" busy={isSubmitting}>{enableOnSave ? "Save and switch on" : scheduleId ? "Save changes" : "Create schedule"}</Button>
          <Button
            type="button"
            variant="ghost"
            onClick={() => guard.leave(scheduleId ? `/w/${workspaceId}/autopilot/${scheduleId}` : `/w/${workspaceId}/autopilot`)}
          >
            Cancel
          </Button>
        </div>
      </div>
      {guard.dialog}
      <div className="lg:sticky lg:top-4 lg:self-start">
        <SchedulePreview
          schedule={{ schedule_type: values.schedule_type, schedule_config: scheduleConfig(values) }}
          frequency={values.cadence_override ? null : (spec?.frequency ?? null)}
          context={
            spec
              ? {
                  workspace_id: workspaceId,
                  specification_id: spec.id,
                  ...(scheduleId ? { schedule_id: scheduleId } : {}),
                  cadence_override: values.cadence_override || null,
                  ...(values.batch_specification_ids?.length ? { batch_specification_ids: values.batch_specification_ids.filter((id) => id !== spec.id) } : {}),
                }
              : undefined
          }
          onPreview={setPreview}
          onFieldError={setTimingError}
        />
      </div>
    </form>
  );
}
