import type { ScheduleView } from "@/lib/autopilot/schedules";
import type { Jsonified } from "@/lib/http/jsonified";

/** A schedule as the JSON API answers it (dates as ISO strings). */
export type ScheduleItem = Jsonified<ScheduleView>;
