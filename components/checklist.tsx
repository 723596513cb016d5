"use client";

/** A labelled group of checkboxes with select all / none, for categories and regions. */
export function Checklist({
  legend,
  name,
  options,
  selected,
  onChange,
}: {
  legend: string;
  name: string;
  options: { value: string; label: string }[];
  selected: string[];
  onChange: (values: string[]) => void;
}) {
  return (
    <fieldset className="space-y-2">
      <legend className="float-left mr-3 text-sm font-semibold text-slate-800">{legend}</legend>
      <div className="flex items-center gap-3">
        <button type="button" className="text-xs font-medium text-brand-700 underline" onClick={() => onChange(options.map((o) => o.value))}>
          Select all<span className="sr-only"> {legend.toLowerCase()}</span>
        </button>
        <button type="button" className="text-xs font-medium text-brand-700 underline" onClick={() => onChange([])}>
          Select none<span className="sr-only"> {legend.toLowerCase()}</span>
        </button>
      </div>
      <ul className="clear-both grid gap-1 sm:grid-cols-2">
        {options.map((option) => {
          const id = `${name}-${option.value}`;
          return (
            <li key={option.value} className="flex items-center gap-2">
              <input
                id={id}
                type="checkbox"
                className="h-4 w-4"
                checked={selected.includes(option.value)}
                onChange={(event) =>
                  onChange(
                    event.target.checked
                      ? options.map((o) => o.value).filter((v) => v === option.value || selected.includes(v))
                      : selected.filter((v) => v !== option.value),
                  )
                }
              />
              <label htmlFor={id} className="text-sm">
                {option.label}
              </label>
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}
