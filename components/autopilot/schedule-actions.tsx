"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { buttonClasses } from "@/components/ui/button";
import type { ScheduleState } from "@/lib/autopilot/schedule-state";
import { DeleteScheduleButton } from "./delete-schedule-button";
import { ScheduleStateControl } from "./schedule-state-control";
import { TestRunButton } from "./test-run-button";

export function ScheduleActions({
  workspaceId,
  scheduleId,
  name,
  state,
  zone,
  canManage,
  hasChannels = false,
  alsoReportsOn = [],
}: {
  workspaceId: string;
  scheduleId: string;
  name: string;
  state: ScheduleState;
  zone: string;
  canManage: boolean;
  /** It posts to Slack or webhooks: a test run may go there too. */
  hasChannels?: boolean;
  /** A batch's further specifications: a test run makes their reports too, after the schedule's own. */
  alsoReportsOn?: string[];
}) {
  const router = useRouter();
  return (
    <div className="flex flex-wrap items-end gap-3">
      <ScheduleStateControl workspaceId={workspaceId} scheduleId={scheduleId} name={name} state={state} zone={zone} canManage={canManage} />
      {canManage && (
        <Link href={`/w/${workspaceId}/autopilot/${scheduleId}/edit`} className={buttonClasses("secondary")}>
          Edit
        </Link>
      )}
      <TestRunButton workspaceId={workspaceId} scheduleId={scheduleId} name={name} disabled={!canManage} offerChannels={hasChannels} onFinished={() => router.refresh()} />
      {alsoReportsOn.length > 0 && (
        <p className="basis-full text-xs text-slate-600" data-testid="test-run-scope">
          Test run makes {alsoReportsOn.length === 1 ? "both" : `all ${alsoReportsOn.length + 1}`} reports, its own and {alsoReportsOn.map((name) => `“${name}”`).join(", ")}, one after another, and emails them to you together.
        </p>
      )}
      <DeleteScheduleButton
        workspaceId={workspaceId}
        scheduleId={scheduleId}
        name={name}
        disabled={!canManage}
        onDeleted={() => {
          router.push(`/w/${workspaceId}/autopilot?${new URLSearchParams({ deleted: name })}`);
          router.refresh();
        }}
      />
    </div>
  );
}
