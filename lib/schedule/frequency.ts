/** A specification's frequency, and the period a report covers: the one list everything else follows. */
export const FREQUENCIES = ["daily", "weekly", "monthly"] as const;
export type Frequency = (typeof FREQUENCIES)[number];

/** The period one report covers, as a word: "day", "week", "month". */
export const PERIOD_NOUNS: Record<Frequency, string> = { daily: "day", weekly: "week", monthly: "month" };

/** The shortest of these frequencies (the most reports): how often a batch of specifications reports at most. */
export function finestFrequency(frequencies: readonly Frequency[]): Frequency | null {
  return FREQUENCIES.find((frequency) => frequencies.includes(frequency)) ?? null;
}

export function isFrequency(value: string): value is Frequency {
  return (FREQUENCIES as readonly string[]).includes(value);
}

/** The report period that makes a schedule of this type report at every slot (a cron expression: daily). */
export function naturalPeriod(scheduleType: "daily" | "weekly" | "monthly" | "custom"): Frequency {
  return scheduleType === "custom" ? "daily" : scheduleType;
}
