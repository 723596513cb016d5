"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ApiError, callApi } from "@/lib/http/api-client";
import { policyRequest, type PolicyValues } from "@/lib/autopilot/policy-form";
import { plainMessage } from "./form-messages";
import { PolicyFields } from "./policy-fields";

/** The workspace's default policies for new schedules (owners change them; existing schedules keep theirs). */
export function ScheduleDefaultsForm({
  workspaceId,
  initial,
  canChange,
  deploymentTimeoutSeconds,
}: {
  workspaceId: string;
  initial: PolicyValues;
  canChange: boolean;
  deploymentTimeoutSeconds: number;
}) {
  const router = useRouter();
  const [message, setMessage] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<PolicyValues>({ defaultValues: initial });
  const onSubmit = handleSubmit(async (values) => {
    setMessage(null);
    try {
      await callApi(`/api/workspaces/${workspaceId}/schedule-defaults`, { method: "PUT", body: policyRequest(values) });
      setMessage({ tone: "success", text: "Saved. New schedules start with these policies." });
      router.refresh();
    } catch (error) {
      if (error instanceof ApiError) {
        for (const [field, text] of Object.entries(error.fields)) setError(field as keyof PolicyValues, { message: plainMessage(field, text) });
      }
      setMessage({ tone: "error", text: error instanceof ApiError ? error.message : "Something went wrong; try again." });
    }
  });
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      {message && <Alert tone={message.tone}>{message.text}</Alert>}
      <fieldset disabled={!canChange} className="space-y-4">
        <PolicyFields register={register} errors={formState.errors} deploymentTimeoutSeconds={deploymentTimeoutSeconds} timezone="UTC" open withDates={false} />
      </fieldset>
      {canChange ? (
        <Button type="submit" busy={formState.isSubmitting}>Save defaults</Button>
      ) : (
        <p className="text-sm text-slate-600">Only a workspace owner can change the defaults.</p>
      )}
    </form>
  );
}
