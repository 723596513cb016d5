/** A batch slot's reports as predicted: the ones made, and each one skipped with who makes that period's report. */
export function BatchSlotReports({ reports }: { reports: { specification_name: string; skipped: boolean; taken_by: string | null }[] }) {
  const made = reports.filter((report) => !report.skipped);
  const skipped = reports.filter((report) => report.skipped);
  return (
    <span className="block text-xs text-slate-600" data-testid="next-run-reports">
      Reports: {made.map((report) => report.specification_name).join(", ")}
      {skipped.map((report) => (
        <span key={report.specification_name} className="block text-amber-800">
          Not “{report.specification_name}”: {report.taken_by ? `${report.taken_by} makes that period's report` : "its specification is not active"}
        </span>
      ))}
    </span>
  );
}
