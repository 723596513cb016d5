/** A schedule as the JSON API answers it (dates as ISO strings). */
export interface ScheduleItem {
  id: string;
  workspace_id: string;
  specification_id: string;
  specification_name: string;
  schedule_name: string;
  schedule_type: string;
  schedule_config: { timezone: string; [key: string]: unknown };
  description: string;
  enabled: boolean;
  status: "active" | "paused" | "cancelled" | "error";
  next_run_at: string;
  last_run_at: string | null;
  last_run_status: "success" | "failed" | "skipped" | null;
  last_run_error: string | null;
  success_count: number;
  failure_count: number;
  can_manage?: boolean;
}
