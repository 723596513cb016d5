"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, TextInput } from "@/components/ui/field";
import { ApiError, callApi } from "@/lib/http/api-client";
import { workspaceInputSchema, type WorkspaceInput } from "@/lib/validation/workspace";

export function NewWorkspaceForm() {
  const router = useRouter();
  const [serverError, setServerError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    formState: { errors, isSubmitting },
  } = useForm<WorkspaceInput>({ resolver: zodResolver(workspaceInputSchema) });

  const onSubmit = handleSubmit(async (values) => {
    setServerError(null);
    try {
      const workspace = await callApi<{ id: string }>("/api/workspaces", { body: values });
      router.push(`/w/${workspace.id}/specifications`);
      router.refresh();
    } catch (error) {
      setServerError(error instanceof ApiError ? error.message : "Something went wrong; try again.");
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      {serverError && <Alert>{serverError}</Alert>}
      <Field id="workspace-name" label="Workspace name" error={errors.name?.message}>
        <TextInput id="workspace-name" invalid={!!errors.name} {...register("name")} />
      </Field>
      <Button type="submit" busy={isSubmitting}>
        Create workspace
      </Button>
    </form>
  );
}
