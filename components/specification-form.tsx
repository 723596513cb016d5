"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Controller, useFieldArray, useForm, useWatch, type FieldErrors } from "react-hook-form";
import { KeywordsInput } from "@/components/keywords-input";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, FieldError, TextInput, inputClasses } from "@/components/ui/field";
import { ApiError, callApi } from "@/lib/http/api-client";
import { FREQUENCIES } from "@/lib/schedule/frequency";
import {
  specificationSchema,
  type SpecificationFormValues,
  type SpecificationInput,
} from "@/lib/validation/specification";

function slugify(name: string): string {
  return name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 50);
}

function firstError(errors: FieldErrors, path: string): string | undefined {
  const value = path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)?.[key], errors);
  const node = value as { message?: string; root?: { message?: string } } | undefined;
  return node?.message ?? node?.root?.message;
}

const EMPTY: SpecificationFormValues = {
  name: "",
  description: "",
  categories: [{ id: "", name: "", keywords: [] }],
  regions: [""],
  frequency: "weekly",
  status: "active",
  feeds: [],
};

export function SpecificationForm({
  workspaceId,
  specificationId,
  initial,
  schedules = [],
}: {
  workspaceId: string;
  specificationId?: string;
  initial?: SpecificationFormValues;
  /** The enabled schedules on it: deactivating stops them, and the form says so before saving. */
  schedules?: { id: string; name: string }[];
}) {
  const router = useRouter();
  const [serverError, setServerError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const form = useForm<SpecificationFormValues, unknown, SpecificationInput>({
    resolver: zodResolver(specificationSchema),
    defaultValues: initial ?? EMPTY,
  });
  const {
    register,
    control,
    handleSubmit,
    setValue,
    getValues,
    setError,
    formState: { errors, isSubmitting, isDirty },
  } = form;
  // keyName: our categories already have an `id` field, which useFieldArray would otherwise overwrite.
  const categories = useFieldArray({ control, name: "categories", keyName: "key" });
  const feeds = useFieldArray({ control, name: "feeds", keyName: "key" });
  const categoryChoices = useWatch({ control, name: "categories" });
  const regionChoices = useWatch({ control, name: "regions" });
  const status = useWatch({ control, name: "status" });

  const onSubmit = handleSubmit(async (values) => {
    setServerError(null);
    setSaved(false);
    const base = `/api/workspaces/${workspaceId}/specifications`;
    try {
      const saved = await callApi<{ id: string }>(specificationId ? `${base}/${specificationId}` : base, {
        method: specificationId ? "PATCH" : "POST",
        body: values,
      });
      if (specificationId) {
        form.reset(values);
        setSaved(true);
        router.refresh();
      } else {
        router.push(`/w/${workspaceId}/specifications/${saved.id}`);
      }
    } catch (error) {
      if (error instanceof ApiError) {
        for (const [field, message] of Object.entries(error.fields)) {
          setError(field as keyof SpecificationFormValues, { message });
        }
        setServerError(error.message);
      } else {
        setServerError("Something went wrong; try again.");
      }
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-6">
      {serverError && <Alert>{serverError}</Alert>}
      {saved && !isDirty && <Alert tone="success">Saved.</Alert>}

      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="name" label="Specification name" error={errors.name?.message}>
          <TextInput id="name" invalid={!!errors.name} {...register("name")} />
        </Field>
        <div className="grid grid-cols-2 gap-4">
          <Field id="frequency" label="Frequency" hint="At most one report per period." error={errors.frequency?.message}>
            <select id="frequency" className={inputClasses} {...register("frequency")}>
              {FREQUENCIES.map((frequency) => (
                <option key={frequency} value={frequency}>
                  {frequency[0].toUpperCase() + frequency.slice(1)}
                </option>
              ))}
            </select>
          </Field>
          <Field id="status" label="Status" error={errors.status?.message}>
            <select id="status" className={inputClasses} {...register("status")}>
              <option value="active">Active</option>
              <option value="inactive">Inactive</option>
            </select>
          </Field>
          {initial?.status === "active" && status === "inactive" && schedules.length > 0 && (
            <div className="sm:col-span-2" data-testid="deactivation-warning">
              <Alert tone="info">
                Deactivating stops {schedules.length === 1 ? "this schedule" : `these ${schedules.length} schedules`}:{" "}
                {schedules.map((schedule, index) => (
                  <span key={schedule.id}>
                    {index > 0 && ", "}
                    <a className="underline" href={`/w/${workspaceId}/autopilot/${schedule.id}`}>
                      {schedule.name}
                    </a>
                  </span>
                ))}
                . They make no reports until the specification is active again and each is saved.
              </Alert>
            </div>
          )}
        </div>
      </div>
      <Field id="description" label="Description" error={errors.description?.message}>
        <textarea id="description" rows={2} className={inputClasses} {...register("description")} />
      </Field>

      <fieldset className="space-y-3">
        <legend className="text-sm font-semibold text-slate-800">Categories</legend>
        <FieldError message={firstError(errors, "categories")} />
        <ul className="space-y-3">
          {categories.fields.map((category, index) => (
            <li key={category.key} className="grid gap-3 rounded-md border border-slate-200 p-3 sm:grid-cols-[1fr_10rem_1.5fr_auto]">
              <Field id={`category-${index}-name`} label={`Category ${index + 1} name`} error={errors.categories?.[index]?.name?.message}>
                <TextInput
                  id={`category-${index}-name`}
                  invalid={!!errors.categories?.[index]?.name}
                  {...register(`categories.${index}.name`, {
                    onBlur: (event) => {
                      if (!getValues(`categories.${index}.id`)) {
                        setValue(`categories.${index}.id`, slugify(event.target.value), { shouldDirty: true });
                      }
                    },
                  })}
                />
              </Field>
              <Field id={`category-${index}-id`} label={`Category ${index + 1} key (used by the API and imports)`} error={errors.categories?.[index]?.id?.message}>
                <TextInput
                  id={`category-${index}-id`}
                  invalid={!!errors.categories?.[index]?.id}
                  {...register(`categories.${index}.id`)}
                />
              </Field>
              <Field id={`category-${index}-keywords`} label={`Category ${index + 1} keywords`} error={firstError(errors, `categories.${index}.keywords`)}>
                <Controller
                  control={control}
                  name={`categories.${index}.keywords`}
                  render={({ field }) => (
                    <KeywordsInput id={`category-${index}-keywords`} value={field.value ?? []} onChange={field.onChange} />
                  )}
                />
              </Field>
              <div className="flex items-end">
                <Button
                  type="button"
                  variant="ghost"
                  aria-label={`Remove category ${index + 1}`}
                  onClick={() => categories.remove(index)}
                >
                  Remove
                </Button>
              </div>
            </li>
          ))}
        </ul>
        <Button type="button" variant="secondary" onClick={() => categories.append({ id: "", name: "", keywords: [] })}>
          Add category
        </Button>
      </fieldset>

      <fieldset className="space-y-3">
        <legend className="text-sm font-semibold text-slate-800">Regions</legend>
        <Controller
          control={control}
          name="regions"
          render={({ field }) => (
            <div className="space-y-2">
              <FieldError message={firstError(errors, "regions")} />
              <ul className="grid gap-2 sm:grid-cols-2">
                {field.value.map((region, index) => (
                  <li key={index} className="flex gap-2">
                    <label htmlFor={`region-${index}`} className="sr-only">
                      Region {index + 1}
                    </label>
                    <TextInput
                      id={`region-${index}`}
                      value={region}
                      invalid={!!errors.regions?.[index]}
                      onChange={(event) => field.onChange(field.value.map((r, i) => (i === index ? event.target.value : r)))}
                    />
                    <Button
                      type="button"
                      variant="ghost"
                      aria-label={`Remove region ${region || index + 1}`}
                      onClick={() => field.onChange(field.value.filter((_, i) => i !== index))}
                    >
                      Remove
                    </Button>
                  </li>
                ))}
              </ul>
              <Button type="button" variant="secondary" onClick={() => field.onChange([...field.value, ""])}>
                Add region
              </Button>
            </div>
          )}
        />
      </fieldset>

      <fieldset className="space-y-3">
        <legend className="text-sm font-semibold text-slate-800">Feeds</legend>
        <p className="text-xs text-slate-500">
          RSS or Atom feeds fetched before each report, filling a category (and a region, or every region as “Global”).
        </p>
        <FieldError message={firstError(errors, "feeds")} />
        <ul className="space-y-3">
          {feeds.fields.map((feed, index) => (
            <li key={feed.key} className="grid gap-3 rounded-md border border-slate-200 p-3 sm:grid-cols-[2fr_1fr_1fr_auto]">
              <Field id={`feed-${index}-url`} label={`Feed ${index + 1} URL`} error={errors.feeds?.[index]?.url?.message}>
                <TextInput id={`feed-${index}-url`} type="url" placeholder="https://example.com/feed.xml" invalid={!!errors.feeds?.[index]?.url} {...register(`feeds.${index}.url`)} />
              </Field>
              <Field id={`feed-${index}-category`} label={`Feed ${index + 1} category`} error={errors.feeds?.[index]?.category_id?.message}>
                <select id={`feed-${index}-category`} className={inputClasses} {...register(`feeds.${index}.category_id`)}>
                  {categoryChoices.filter((c) => c.id).map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name || c.id}
                    </option>
                  ))}
                </select>
              </Field>
              <Field id={`feed-${index}-region`} label={`Feed ${index + 1} region`} error={errors.feeds?.[index]?.region?.message}>
                <select
                  id={`feed-${index}-region`}
                  className={inputClasses}
                  {...register(`feeds.${index}.region`, { setValueAs: (value) => value || undefined })}
                >
                  <option value="">Every region (Global)</option>
                  {regionChoices.filter(Boolean).map((region) => (
                    <option key={region} value={region}>
                      {region}
                    </option>
                  ))}
                </select>
              </Field>
              <div className="flex items-end">
                <Button type="button" variant="ghost" aria-label={`Remove feed ${index + 1}`} onClick={() => feeds.remove(index)}>
                  Remove
                </Button>
              </div>
            </li>
          ))}
        </ul>
        <Button
          type="button"
          variant="secondary"
          onClick={() => feeds.append({ url: "", category_id: categoryChoices.find((c) => c.id)?.id ?? "", region: undefined })}
        >
          Add feed
        </Button>
      </fieldset>

      <div className="flex items-center gap-3 border-t border-slate-200 pt-4">
        <Button type="submit" busy={isSubmitting}>
          {specificationId ? "Save changes" : "Create specification"}
        </Button>
        <Button type="button" variant="ghost" onClick={() => router.push(`/w/${workspaceId}/specifications`)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
