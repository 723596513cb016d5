/** A specification's frequency, and the period a report covers: the one list everything else follows. */
export const FREQUENCIES = ["daily", "weekly", "monthly"] as const;
export type Frequency = (typeof FREQUENCIES)[number];

/** The period one report covers, as a word: "day", "week", "month". */
export const PERIOD_NOUNS: Record<Frequency, string> = { daily: "day", weekly: "week", monthly: "month" };

export function isFrequency(value: string): value is Frequency {
  return (FREQUENCIES as readonly string[]).includes(value);
}
