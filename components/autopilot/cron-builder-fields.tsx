"use client";

import { inputClasses } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import { CRON_DAY_RULES, buildCron, defaultDays, readCron, toggleValue, type CronBuilderState, type CronDayRule } from "@/lib/schedule/cron-builder";

/** Cron numbering (0 = Sunday), shown from Monday. */
const WEEKDAYS = [
  { value: 1, short: "Mon", name: "Monday" },
  { value: 2, short: "Tue", name: "Tuesday" },
  { value: 3, short: "Wed", name: "Wednesday" },
  { value: 4, short: "Thu", name: "Thursday" },
  { value: 5, short: "Fri", name: "Friday" },
  { value: 6, short: "Sat", name: "Saturday" },
  { value: 0, short: "Sun", name: "Sunday" },
];
const NTH = [
  { value: 1, label: "First" },
  { value: 2, label: "Second" },
  { value: 3, label: "Third" },
  { value: 4, label: "Fourth" },
  { value: 5, label: "Fifth" },
  { value: -1, label: "Last" },
];
const HOURS = Array.from({ length: 24 }, (_, hour) => hour);
const MINUTE_CHOICES = Array.from({ length: 12 }, (_, i) => i * 5);
const START_OVER: CronBuilderState = { minutes: [0], hours: [9], days: { rule: "business_days" } };

const two = (n: number) => String(n).padStart(2, "0");

function safeRead(expression: string): CronBuilderState | null | "invalid" {
  try {
    return readCron(expression);
  } catch {
    return "invalid";
  }
}

/** A group of on/off buttons; the last one on cannot be switched off (an empty field would never run). */
function Toggles({ label, options, selected, onToggle }: { label: string; options: { value: number; text: string; name: string }[]; selected: number[]; onToggle: (value: number) => void }) {
  return (
    <div role="group" aria-label={label}>
      <p className="mb-1 text-xs font-medium text-slate-700">{label}</p>
      <div className="flex flex-wrap gap-1">
        {options.map((option) => {
          const on = selected.includes(option.value);
          return (
            <button
              key={option.value}
              type="button"
              aria-pressed={on}
              aria-label={option.name}
              title={option.name}
              onClick={() => onToggle(option.value)}
              className={`min-w-10 rounded border px-2 py-1 font-mono text-xs ${on ? "border-brand-600 bg-brand-600 text-white" : "border-slate-300 bg-white text-slate-700 hover:bg-slate-100"}`}
            >
              {option.text}
            </button>
          );
        })}
      </div>
    </div>
  );
}

/**
 * The visual side of a custom schedule: days, hours and minutes chosen by clicking, written into the cron
 * expression (which stays editable). What it shows is always read back from the expression, so the two never
 * disagree; an expression the builder cannot say is left as typed.
 */
export function CronBuilderFields({ expression, onChange }: { expression: string; onChange: (expression: string) => void }) {
  const state = safeRead(expression);
  if (state === "invalid" || state === null) {
    return (
      <div className="flex flex-wrap items-center gap-3 rounded-md border border-dashed border-slate-300 p-3 text-sm text-slate-700" data-testid="cron-builder">
        <span>
          {state === "invalid"
            ? "The builder shows an expression once it is valid."
            : "This expression says more than the builder can (chosen months, both day fields or a nearest weekday): edit it as text."}
        </span>
        <Button type="button" variant="secondary" onClick={() => onChange(buildCron(START_OVER))}>
          Start over in the builder
        </Button>
      </div>
    );
  }
  const change = (next: Partial<CronBuilderState>) => onChange(buildCron({ ...state, ...next }));
  const { days } = state;
  const minuteOptions = [...new Set([...MINUTE_CHOICES, ...state.minutes])].sort((a, b) => a - b);

  return (
    <div className="space-y-3 rounded-md border border-slate-200 bg-slate-50 p-3" data-testid="cron-builder">
      <div className="grid gap-3 sm:grid-cols-2">
        <div className="space-y-1">
          <label htmlFor="cron_days_rule" className="block text-xs font-medium text-slate-700">Runs on</label>
          <select id="cron_days_rule" className={inputClasses} value={days.rule} onChange={(event) => change({ days: defaultDays(event.target.value as CronDayRule, days) })}>
            {CRON_DAY_RULES.map((option) => (
              <option key={option.rule} value={option.rule}>{option.label}</option>
            ))}
          </select>
        </div>
        {days.rule === "nth_weekday" && (
          <div className="grid grid-cols-2 gap-2">
            <div className="space-y-1">
              <label htmlFor="cron_nth" className="block text-xs font-medium text-slate-700">Which</label>
              <select id="cron_nth" className={inputClasses} value={days.nth} onChange={(event) => change({ days: { ...days, nth: Number(event.target.value) } })}>
                {NTH.map((option) => (
                  <option key={option.value} value={option.value}>{option.label}</option>
                ))}
              </select>
            </div>
            <div className="space-y-1">
              <label htmlFor="cron_nth_weekday" className="block text-xs font-medium text-slate-700">Weekday</label>
              <select id="cron_nth_weekday" className={inputClasses} value={days.weekday} onChange={(event) => change({ days: { ...days, weekday: Number(event.target.value) } })}>
                {WEEKDAYS.map((day) => (
                  <option key={day.value} value={day.value}>{day.name}</option>
                ))}
              </select>
            </div>
          </div>
        )}
      </div>
      {days.rule === "weekdays" && (
        <Toggles
          label="Days of the week"
          options={WEEKDAYS.map((day) => ({ value: day.value, text: day.short, name: day.name }))}
          selected={days.weekdays}
          onToggle={(value) => change({ days: { ...days, weekdays: toggleValue(days.weekdays, value) } })}
        />
      )}
      {days.rule === "days_of_month" && (
        <Toggles
          label="Days of the month (a day a month lacks is skipped that month)"
          options={Array.from({ length: 31 }, (_, i) => ({ value: i + 1, text: String(i + 1), name: `Day ${i + 1}` }))}
          selected={days.days}
          onToggle={(value) => change({ days: { ...days, days: toggleValue(days.days, value) } })}
        />
      )}
      <Toggles label="Hours" options={HOURS.map((hour) => ({ value: hour, text: two(hour), name: `${two(hour)}:00 hour` }))} selected={state.hours} onToggle={(value) => change({ hours: toggleValue(state.hours, value) })} />
      <Toggles
        label="Minutes past the hour"
        options={minuteOptions.map((minute) => ({ value: minute, text: `:${two(minute)}`, name: `${minute} minutes past` }))}
        selected={state.minutes}
        onToggle={(value) => change({ minutes: toggleValue(state.minutes, value) })}
      />
    </div>
  );
}
