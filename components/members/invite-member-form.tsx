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

type Sent = { email: string; acceptUrl: string; emailed: boolean };

/** Owners invite an address; the answer is the link to share (and says whether it was emailed). */
export function InviteMemberForm({ workspaceId }: { workspaceId: string }) {
  const router = useRouter();
  const [serverError, setServerError] = useState<string | null>(null);
  const [sent, setSent] = useState<Sent | null>(null);
  const [copied, setCopied] = useState(false);
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
    setSent(null);
    setCopied(false);
    try {
      const result = await callApi<{ invitation: { email: string }; accept_url: string; emailed: boolean }>(`/api/workspaces/${workspaceId}/invitations`, { body: values });
      setSent({ email: result.invitation.email, acceptUrl: result.accept_url, emailed: result.emailed });
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
      {sent && (
        <Alert tone="success">
          <p>
            {sent.emailed
              ? `Invitation emailed to ${sent.email}. They join when they accept it, signed in with that address.`
              : `Invitation ready for ${sent.email}; it was not emailed, so share the link yourself. When they accept it, you approve them here (unless their address is confirmed), since the link alone does not prove whose it is.`}{" "}
            The link works for 7 days:
          </p>
          <div className="mt-2 flex flex-wrap items-center gap-2">
            <input readOnly aria-label="Invitation link" value={sent.acceptUrl} className={`${inputClasses} min-w-0 flex-1 font-mono text-xs`} onFocus={(e) => e.currentTarget.select()} />
            <Button
              type="button"
              variant="secondary"
              onClick={async () => {
                await navigator.clipboard?.writeText(sent.acceptUrl).catch(() => undefined);
                setCopied(true);
              }}
            >
              {copied ? "Copied" : "Copy link"}
            </Button>
          </div>
        </Alert>
      )}
      <div className="grid gap-3 sm:grid-cols-[1fr_10rem_auto] sm:items-end">
        <Field id="member-email" label="Email address" error={errors.email?.message}>
          <TextInput id="member-email" type="email" invalid={!!errors.email} {...register("email")} />
        </Field>
        <Field id="member-role" label="Role">
          <select id="member-role" className={inputClasses} {...register("role")}>
            <option value="member">Member</option>
            <option value="owner">Owner</option>
          </select>
        </Field>
        <Button type="submit" busy={isSubmitting}>
          Invite
        </Button>
      </div>
    </form>
  );
}
