/** A Monday 06:00 UTC in January (no daylight-saving change near it), a year or more from now. */
export function aWinterMonday(): Date {
  const year = new Date().getUTCFullYear() + 2;
  const day = new Date(Date.UTC(year, 0, 5, 6));
  while (day.getUTCDay() !== 1) day.setUTCDate(day.getUTCDate() + 1);
  return day;
}
