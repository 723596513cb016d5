"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ApiError, callApi } from "@/lib/http/api-client";

/** One action on an open invitation (revoke, approve): calls the API, then shows the page again, or says what failed. */
export function InvitationActionButton({
  label,
  ariaLabel,
  path,
  method,
  variant,
  failure,
}: {
  label: string;
  ariaLabel: string;
  path: string;
  method: "POST" | "DELETE";
  variant: "ghost" | "secondary";
  failure: string;
}) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <span className="flex items-center gap-2">
      {error && <span role="alert" className="text-xs text-red-700">{error}</span>}
      <Button
        variant={variant}
        busy={busy}
        aria-label={ariaLabel}
        onClick={async () => {
          setBusy(true);
          setError(null);
          try {
            await callApi(path, { method });
            router.refresh();
          } catch (err) {
            setError(err instanceof ApiError ? err.message : failure);
          } finally {
            setBusy(false);
          }
        }}
      >
        {label}
      </Button>
    </span>
  );
}
