"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ApiError, callApi } from "@/lib/http/api-client";

export function DeleteSpecificationButton({ workspaceId, id, name }: { workspaceId: string; id: string; name: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="flex items-center gap-2">
      {error && <span role="alert" className="text-sm text-red-700">{error}</span>}
      <Button
        variant="danger"
        busy={busy}
        onClick={async () => {
          if (!window.confirm(`Delete “${name}”? Its schedules are deleted too; past reports stay.`)) return;
          setBusy(true);
          try {
            await callApi(`/api/workspaces/${workspaceId}/specifications/${id}`, { method: "DELETE" });
            router.push(`/w/${workspaceId}/specifications`);
            router.refresh();
          } catch (err) {
            setError(err instanceof ApiError ? err.message : "Could not delete");
            setBusy(false);
          }
        }}
      >
        Delete
      </Button>
    </div>
  );
}
