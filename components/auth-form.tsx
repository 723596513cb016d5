"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, TextInput } from "@/components/ui/field";
import { ApiError, callApi } from "@/lib/http/api-client";
import { credentialsSchema, type Credentials } from "@/lib/validation/credentials";

/** Sign-in and sign-up share one form; only the endpoint, wording and destination differ. */
/** `next`: where to go afterwards (an invitation being accepted), instead of the person's workspace. */
export function AuthForm({ mode, next = null }: { mode: "sign-in" | "sign-up"; next?: string | null }) {
  const router = useRouter();
  const [serverError, setServerError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<Credentials>({ resolver: zodResolver(credentialsSchema) });

  const onSubmit = handleSubmit(async (credentials) => {
    setServerError(null);
    try {
      const result = await callApi<{ workspace_id?: string; confirmation_required?: boolean }>(`/api/auth/${mode}`, {
        body: credentials,
      });
      if (result.confirmation_required) {
        setNotice("Check your inbox: confirm your email, then sign in.");
        return;
      }
      router.push(next ?? (result.workspace_id ? `/w/${result.workspace_id}/specifications` : "/"));
      router.refresh();
    } catch (error) {
      if (error instanceof ApiError) {
        for (const [field, message] of Object.entries(error.fields)) {
          if (field === "email" || field === "password") setError(field, { message });
        }
        setServerError(error.message);
      } else {
        setServerError("Something went wrong; try again.");
      }
    }
  });

  const isSignUp = mode === "sign-up";
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      {serverError && <Alert>{serverError}</Alert>}
      {notice && <Alert tone="success">{notice}</Alert>}
      <Field id="email" label="Email" error={errors.email?.message}>
        <TextInput id="email" type="email" autoComplete="email" invalid={!!errors.email} {...register("email")} />
      </Field>
      <Field
        id="password"
        label="Password"
        hint={isSignUp ? "At least 8 characters." : undefined}
        error={errors.password?.message}
      >
        <TextInput
          id="password"
          type="password"
          autoComplete={isSignUp ? "new-password" : "current-password"}
          invalid={!!errors.password}
          {...register("password")}
        />
      </Field>
      <Button type="submit" busy={isSubmitting} className="w-full">
        {isSignUp ? "Create account" : "Sign in"}
      </Button>
      <p className="text-center text-sm text-slate-600">
        {isSignUp ? "Already have an account? " : "New to Autopilot? "}
        <Link className="font-medium text-brand-700 underline" href={`${isSignUp ? "/sign-in" : "/sign-up"}${next ? `?next=${encodeURIComponent(next)}` : ""}`}>
          {isSignUp ? "Sign in" : "Create an account"}
        </Link>
      </p>
    </form>
  );
}
