"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, TextInput, inputClasses } from "@/components/ui/field";
import { ApiError, callApi } from "@/lib/http/api-client";
import type { z } from "zod";
import { memberInputSchema, type MemberInput } from "@/lib/validation/workspace";

export function AddMemberForm({ workspaceId }: { workspaceId: string }) {
  const router = useRouter();
  const [serverError, setServerError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    reset,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<z.input<typeof memberInputSchema>, unknown, MemberInput>({
    resolver: zodResolver(memberInputSchema),
    defaultValues: { email: "", role: "member" },
  });

  const onSubmit = handleSubmit(async (values) => {
    setServerError(null);
    try {
      await callApi(`/api/workspaces/${workspaceId}/members`, { body: values });
      reset();
      router.refresh();
    } catch (error) {
      if (error instanceof ApiError) {
        if (error.fields.email) setError("email", { message: error.fields.email });
        setServerError(error.message);
      } else setServerError("Something went wrong; try again.");
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3">
      {serverError && <Alert>{serverError}</Alert>}
      <div className="grid gap-3 sm:grid-cols-[1fr_10rem_auto] sm:items-end">
        <Field id="member-email" label="Email of an existing account" error={errors.email?.message}>
          <TextInput id="member-email" type="email" invalid={!!errors.email} {...register("email")} />
        </Field>
        <Field id="member-role" label="Role">
          <select id="member-role" className={inputClasses} {...register("role")}>
            <option value="member">Member</option>
            <option value="owner">Owner</option>
          </select>
        </Field>
        <Button type="submit" busy={isSubmitting}>
          Add member
        </Button>
      </div>
    </form>
  );
}
