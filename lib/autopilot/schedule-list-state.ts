import { scheduleListQuerySchema } from "@/lib/validation/schedule";

export interface ScheduleListState {
  sort: string;
  order: "asc" | "desc";
  /** The state filter (SCHEDULE_STATES), "" for any. */
  state: string;
  specificationId: string;
  q: string;
  offset: number;
}

/** The list's view in the address bar (only what differs from the defaults), so reload and Back keep it. */
export function listParams(state: ScheduleListState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.sort !== "next_run_at" || state.order !== "asc") {
    params.set("sort", state.sort);
    params.set("order", state.order);
  }
  if (state.state) params.set("state", state.state);
  if (state.specificationId) params.set("specification_id", state.specificationId);
  if (state.q) params.set("q", state.q);
  if (state.offset) params.set("offset", String(state.offset));
  return params;
}

/** The view an address asks for (`?status=…&sort=…`); anything unreadable falls back to the defaults. */
export function listStateFromSearch(search: Record<string, string | undefined>): ScheduleListState {
  const parsed = scheduleListQuerySchema.safeParse(search);
  const query = parsed.success ? parsed.data : scheduleListQuerySchema.parse({});
  return { sort: query.sort, order: query.order, state: query.state ?? "", specificationId: query.specification_id ?? "", q: query.q ?? "", offset: query.offset };
}
