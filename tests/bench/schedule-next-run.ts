/**
 * How many nextRun computations per second this machine does, per schedule type, in UTC and in a zone with
 * daylight saving. Instants are spread over two years (so the offset cache is exercised realistically, not
 * just one bucket), and custom expressions are parsed on every call (cache cleared) as well as cached.
 *
 *   npm run bench:schedule
 */
import { nextRun } from "../../lib/schedule/next-run";
import { parseSchedule, type ScheduleInput } from "../../lib/schedule/schedule-config";

const ZONES = ["UTC", "Europe/Berlin"];
const N = 100_000;
const instants = Array.from({ length: N }, (_, i) => new Date(Date.UTC(2026, 0, 1) + ((i * 7_919_993) % (730 * 86_400_000))));

const cases: [string, (timezone: string) => ScheduleInput][] = [
  ["daily", (timezone) => ({ schedule_type: "daily", schedule_config: { time: "09:00", timezone } })],
  ["weekly", (timezone) => ({ schedule_type: "weekly", schedule_config: { day_of_week: 2, time: "02:30", timezone } })],
  ["monthly", (timezone) => ({ schedule_type: "monthly", schedule_config: { day_of_month: "last", time: "18:30", timezone } })],
  ["custom 0 9 * * 1-5", (timezone) => ({ schedule_type: "custom", schedule_config: { cron_expression: "0 9 * * 1-5", timezone } })],
  ["custom 0 0 1 * *", (timezone) => ({ schedule_type: "custom", schedule_config: { cron_expression: "0 0 1 * *", timezone } })],
  ["custom 15 8 1,15 */3 *", (timezone) => ({ schedule_type: "custom", schedule_config: { cron_expression: "15 8 1,15 */3 *", timezone } })],
];

function measure(run: (i: number) => unknown, iterations: number): number {
  for (let i = 0; i < 2_000; i++) run(i); // warm up the JIT
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) run(i);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return Math.round(iterations / seconds);
}

console.log(`node ${process.version}, ${N.toLocaleString()} instants over two years\n`);
console.log("schedule".padEnd(26) + ZONES.map((z) => z.padStart(16)).join("") + "   (nextRun/s)");
for (const [name, make] of cases) {
  const rates = ZONES.map((zone) => {
    const schedule = parseSchedule(make(zone));
    return measure((i) => nextRun(schedule, instants[i % N]), N);
  });
  console.log(name.padEnd(26) + rates.map((r) => r.toLocaleString().padStart(16)).join(""));
}

// A custom schedule as it arrives from the database each time: validate + parse + nextRun per call.
// 100,000 distinct expressions defeat the parse cache, so this is the cost of parsing once per call.
// minute × first hour (0–11) × second hour (12–23) × day of month: 241,920 combinations, all distinct.
const distinct = Array.from(
  { length: N },
  (_, i) => `${i % 60} ${Math.floor(i / 60) % 12},${12 + (Math.floor(i / 720) % 12)} ${1 + (Math.floor(i / 8640) % 28)} * *`,
);
if (new Set(distinct).size !== N) throw new Error("expressions are not distinct");
for (const zone of ZONES) {
  const rate = measure(
    (i) =>
      nextRun(
        parseSchedule({ schedule_type: "custom", schedule_config: { cron_expression: distinct[i % N], timezone: zone } }),
        instants[i % N],
      ),
    20_000,
  );
  console.log(`custom, parsed on every call (${zone})`.padEnd(48) + `${rate.toLocaleString()} /s`);
}
