"use client";

import { useState } from "react";
import { GenerateSecretButton } from "./generate-secret-button";
import { useFieldArray, type Control, type FieldErrors, type UseFormGetValues, type UseFormRegister, type UseFormSetValue } from "react-hook-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, FieldError, TextInput, inputClasses } from "@/components/ui/field";
import { ApiError, callApi } from "@/lib/http/api-client";
import { CHAT_SERVICES, CHAT_SERVICE_NAMES, CHAT_SERVICE_URL_EXAMPLES, MAX_CHANNELS_PER_SERVICE, type ChatService } from "@/lib/delivery/chat-services";
import { MAX_EMAIL_RECIPIENTS, MAX_WEBHOOKS, type DestinationsInput } from "@/lib/validation/destinations";

/** A chat channel row: `kept` is the label of a channel the schedule has (its URL is never shown again); an empty URL keeps it. */
export type ChannelRow = { url: string; kept: string | null };

/** The editor's delivery fields: recipients as text, one row per chat channel (Slack, Teams, Discord) and webhook. */
export interface DestinationValues {
  email_to: string;
  slack_urls: ChannelRow[];
  teams_urls: ChannelRow[];
  discord_urls: ChannelRow[];
  /** `has_secret`: the schedule keeps a secret for this URL, so an empty secret field keeps it. */
  webhooks: { url: string; secret: string; has_secret: boolean }[];
}

/** Addresses typed one per line, or separated by commas, semicolons or spaces. */
export function emailList(text: string): string[] {
  return text.split(/[\s,;]+/).map((address) => address.trim()).filter(Boolean);
}

type Destination = DestinationsInput[number];

/** The API's `destinations` from the form, and which form field each entry came from (to place its errors). */
export function destinationsOf(values: DestinationValues): { destinations: Destination[]; fields: string[] } {
  const destinations: Destination[] = [];
  const fields: string[] = [];
  const to = emailList(values.email_to);
  if (to.length) {
    destinations.push({ type: "email", to });
    fields.push("email_to");
  }
  for (const service of CHAT_SERVICES) {
    values[`${service}_urls`].forEach((row, index) => {
      const entry = channelDestinationOf(service, row);
      if (!entry) return;
      destinations.push(entry);
      fields.push(`${service}_urls.${index}.url`);
    });
  }
  values.webhooks.forEach((hook, index) => {
    if (!hook.url.trim()) return;
    destinations.push({ type: "webhook", url: hook.url.trim(), ...(hook.secret ? { secret: hook.secret } : {}) });
    fields.push(`webhooks.${index}`);
  });
  return { destinations, fields };
}

/** A channel row as the API's entry: its new URL, else the channel it keeps, else nothing. */
function channelDestinationOf(service: ChatService, row: ChannelRow): Destination | null {
  const url = row.url.trim();
  if (url) return { type: service, webhook_url: url };
  return row.kept ? { type: service, keep: row.kept } : null;
}

/** Maps an API path under `destinations` ("destinations.2.secret") to the form field that holds it. */
export function destinationField(path: string, values: DestinationValues): string {
  const [, index, key] = path.split(".");
  const field = destinationsOf(values).fields[Number(index)];
  if (!field) return "root.destinations";
  if (field.startsWith("webhooks.")) return `${field}.${key === "secret" ? "secret" : "url"}`;
  return field;
}

type TestState = { status: "idle" } | { status: "sending" } | { status: "done"; ok: boolean; message: string };

/** "Send a test" for one destination: sends it now and says what the receiver answered. */
function SendTestButton({ workspaceId, scheduleId, destination, label }: { workspaceId: string; scheduleId?: string; destination: () => Destination | null; label: string }) {
  const [state, setState] = useState<TestState>({ status: "idle" });
  const send = async () => {
    const target = destination();
    if (!target) {
      setState({ status: "done", ok: false, message: "Fill it in first." });
      return;
    }
    setState({ status: "sending" });
    try {
      const { results } = await callApi<{ results: { target: string; ok: boolean; error: string | null }[] }>(`/api/workspaces/${workspaceId}/destinations/test`, {
        body: { destination: target, ...(scheduleId ? { schedule_id: scheduleId } : {}) },
      });
      const failed = results.filter((r) => !r.ok);
      setState(
        failed.length === 0
          ? { status: "done", ok: true, message: results.length > 1 ? `Test sent to ${results.length} recipients.` : "Test sent." }
          : { status: "done", ok: false, message: failed.map((r) => `${r.target}: ${r.error}`).join("; ") },
      );
    } catch (error) {
      const message = error instanceof ApiError ? (Object.values(error.fields)[0] ?? error.message) : "Could not send the test.";
      setState({ status: "done", ok: false, message });
    }
  };
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Button type="button" variant="secondary" busy={state.status === "sending"} onClick={send} aria-label={`Send a test to ${label}`}>
        Send a test
      </Button>
      {state.status === "done" && (
        <span role="status" className={`text-xs ${state.ok ? "text-emerald-800" : "text-red-700"}`}>
          {state.message}
        </span>
      )}
    </div>
  );
}

/**
 * Where reports go: email recipients (anyone; people outside the workspace get an unsubscribe link), Slack,
 * Microsoft Teams and Discord channels by their incoming webhooks, and signed webhooks, each with "Send a test".
 */
export function DestinationFields<T extends DestinationValues>({
  workspaceId,
  scheduleId,
  emailConfigured,
  control,
  register,
  getValues,
  setValue,
  errors,
}: {
  workspaceId: string;
  scheduleId?: string;
  emailConfigured: boolean;
  control: Control<T>;
  register: UseFormRegister<T>;
  getValues: UseFormGetValues<T>;
  setValue: UseFormSetValue<T>;
  errors: FieldErrors<T>;
}) {
  // The generic form narrows to the delivery fields it is known to hold.
  const form = { control, register, getValues, setValue } as unknown as {
    control: Control<DestinationValues>;
    register: UseFormRegister<DestinationValues>;
    getValues: UseFormGetValues<DestinationValues>;
    setValue: UseFormSetValue<DestinationValues>;
  };
  const fieldErrors = errors as FieldErrors<DestinationValues> & { root?: { destinations?: { message?: string } } };
  const hooks = useFieldArray({ control: form.control, name: "webhooks" });

  return (
    <fieldset className="space-y-4 rounded-md border border-slate-200 p-4">
      <legend className="px-1 text-sm font-semibold text-slate-800">Delivery</legend>
      <p className="text-xs text-slate-600">Each report is stored in Autopilot; it can also go to people and channels. A delivery that fails is retried for a day and shown in the history.</p>
      {fieldErrors.root?.destinations?.message && <FieldError message={fieldErrors.root.destinations.message} />}
      {!emailConfigured && (
        <Alert tone="info">Email is not configured on this server (SMTP_URL). Recipients are saved, and their reports wait until it is.</Alert>
      )}
      <Field
        id="email_to"
        label="Email recipients"
        hint={`Up to ${MAX_EMAIL_RECIPIENTS} addresses, one per line or separated by commas. People outside the workspace can unsubscribe in one click.`}
        error={fieldErrors.email_to?.message}
      >
        <textarea id="email_to" rows={2} className={inputClasses} placeholder="team@example.com" aria-invalid={!!fieldErrors.email_to || undefined} {...form.register("email_to")} />
      </Field>
      {emailConfigured && (
        <SendTestButton
          workspaceId={workspaceId}
          scheduleId={scheduleId}
          label="the email recipients"
          destination={() => {
            const to = emailList(form.getValues("email_to"));
            return to.length ? { type: "email", to } : null;
          }}
        />
      )}

      {CHAT_SERVICES.map((service) => (
        <ChannelRows key={service} service={service} workspaceId={workspaceId} scheduleId={scheduleId} form={form} fieldErrors={fieldErrors} />
      ))}

      <div className="space-y-2">
        <h3 className="text-sm font-medium text-slate-800">Webhooks</h3>
        <p className="text-xs text-slate-600">A JSON POST signed with your secret in the Autopilot-Signature header (HMAC-SHA256 of the timestamp and body).</p>
        {hooks.fields.map((row, index) => (
          <div key={row.id} className="space-y-2 rounded border border-slate-100 p-2">
            <div className="grid gap-2 sm:grid-cols-2">
              <Field id={`webhooks.${index}.url`} label={`Webhook URL ${index + 1}`} error={fieldErrors.webhooks?.[index]?.url?.message}>
                <TextInput id={`webhooks.${index}.url`} placeholder="https://example.com/hooks/autopilot" invalid={!!fieldErrors.webhooks?.[index]?.url} {...form.register(`webhooks.${index}.url`)} />
              </Field>
              <Field
                id={`webhooks.${index}.secret`}
                label="Signing secret"
                hint={row.has_secret ? "Kept. Type a new one to replace it." : "16–200 characters; never shown again."}
                error={fieldErrors.webhooks?.[index]?.secret?.message}
              >
                <TextInput
                  id={`webhooks.${index}.secret`}
                  type="password"
                  autoComplete="new-password"
                  placeholder={row.has_secret ? "••••••••••••••••" : ""}
                  invalid={!!fieldErrors.webhooks?.[index]?.secret}
                  {...form.register(`webhooks.${index}.secret`)}
                />
              </Field>
            </div>
            <div className="flex flex-wrap items-start gap-2">
              <GenerateSecretButton
                label={`webhook ${index + 1}`}
                onGenerated={(secret) => form.setValue(`webhooks.${index}.secret`, secret, { shouldDirty: true, shouldValidate: true })}
              />
              <SendTestButton
                workspaceId={workspaceId}
                scheduleId={scheduleId}
                label={`webhook ${index + 1}`}
                destination={() => {
                  const hook = form.getValues(`webhooks.${index}`);
                  return hook.url.trim() ? { type: "webhook", url: hook.url.trim(), ...(hook.secret ? { secret: hook.secret } : {}) } : null;
                }}
              />
              <Button type="button" variant="ghost" onClick={() => hooks.remove(index)} aria-label={`Remove webhook ${index + 1}`}>
                Remove
              </Button>
            </div>
          </div>
        ))}
        {hooks.fields.length < MAX_WEBHOOKS && (
          <Button type="button" variant="secondary" onClick={() => hooks.append({ url: "", secret: "", has_secret: false })}>
            Add a webhook
          </Button>
        )}
      </div>
    </fieldset>
  );
}

type DestinationForm = {
  control: Control<DestinationValues>;
  register: UseFormRegister<DestinationValues>;
  getValues: UseFormGetValues<DestinationValues>;
  setValue: UseFormSetValue<DestinationValues>;
};

/** One chat service's channels: a URL per row (write-only once saved), "Send a test", add and remove. */
function ChannelRows({
  service,
  workspaceId,
  scheduleId,
  form,
  fieldErrors,
}: {
  service: ChatService;
  workspaceId: string;
  scheduleId?: string;
  form: DestinationForm;
  fieldErrors: FieldErrors<DestinationValues>;
}) {
  const name = `${service}_urls` as const;
  const rows = useFieldArray({ control: form.control, name });
  const serviceName = CHAT_SERVICE_NAMES[service];
  return (
    <div className="space-y-2">
      <h3 className="text-sm font-medium text-slate-800">{serviceName} channels</h3>
      {rows.fields.map((row, index) => (
        <div key={row.id} className="space-y-1 rounded border border-slate-100 p-2">
          <Field
            id={`${name}.${index}.url`}
            label={`${serviceName} incoming webhook URL ${index + 1}`}
            hint={row.kept ? `Kept: ${row.kept}. The URL is a secret and is not shown again; paste a new one to replace it.` : "The URL is a secret: after saving it is never shown again."}
            error={fieldErrors[name]?.[index]?.url?.message}
          >
            <TextInput
              id={`${name}.${index}.url`}
              type={row.kept ? "password" : "url"}
              autoComplete="off"
              placeholder={row.kept ? "••••••••••••••••" : CHAT_SERVICE_URL_EXAMPLES[service]}
              invalid={!!fieldErrors[name]?.[index]?.url}
              {...form.register(`${name}.${index}.url`)}
            />
          </Field>
          <div className="flex flex-wrap items-center gap-2">
            <SendTestButton
              workspaceId={workspaceId}
              scheduleId={scheduleId}
              label={`${serviceName} channel ${index + 1}`}
              destination={() => channelDestinationOf(service, form.getValues(`${name}.${index}`))}
            />
            <Button type="button" variant="ghost" onClick={() => rows.remove(index)} aria-label={`Remove ${serviceName} channel ${index + 1}`}>
              Remove
            </Button>
          </div>
        </div>
      ))}
      {rows.fields.length < MAX_CHANNELS_PER_SERVICE && (
        <Button type="button" variant="secondary" onClick={() => rows.append({ url: "", kept: null })}>
          Add a {serviceName} channel
        </Button>
      )}
    </div>
  );
}
