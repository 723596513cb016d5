"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { callApi } from "@/lib/http/api-client";

/** `then`: where to go once signed out (the sign-in page unless said). */
export function SignOutButton({ then = "/sign-in" }: { then?: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      variant="ghost"
      busy={busy}
      onClick={async () => {
        setBusy(true);
        await callApi("/api/auth/sign-out", { method: "POST" }).catch(() => undefined);
        router.push(then);
        router.refresh();
      }}
    >
      Sign out
    </Button>
  );
}
