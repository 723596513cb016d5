/** How far the workspace calendar looks ahead, at most (and by default), in days. */
export const CALENDAR_DAYS = 30;
/** The calendar covers the schedules that run soonest, at most this many, and at most this many slots of each. */
export const CALENDAR_SCHEDULES = 500;
export const CALENDAR_SLOTS_PER_SCHEDULE = 200;
