/** A specification's frequency, and the period a report covers: the one list everything else follows. */
export const FREQUENCIES = ["daily", "weekly", "monthly"] as const;
export type Frequency = (typeof FREQUENCIES)[number];
