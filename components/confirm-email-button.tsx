"use client";

import Link from "next/link";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ApiError, callApi } from "@/lib/http/api-client";

export function ConfirmEmailButton({ token, email }: { token: string; email: string }) {
  const [state, setState] = useState<"idle" | "busy" | "done">("idle");
  const [error, setError] = useState<string | null>(null);
  if (state === "done") {
    return (
      <Alert tone="success">
        {email} is confirmed. <Link className="font-medium underline" href="/">Open Autopilot</Link>
      </Alert>
    );
  }
  return (
    <div className="space-y-3">
      {error && <Alert>{error}</Alert>}
      <Button
        busy={state === "busy"}
        onClick={async () => {
          setState("busy");
          setError(null);
          try {
            await callApi("/api/auth/confirm-email", { body: { token } });
            setState("done");
          } catch (err) {
            setError(err instanceof ApiError ? err.message : "Could not confirm; try again.");
            setState("idle");
          }
        }}
      >
        Confirm {email}
      </Button>
    </div>
  );
}
