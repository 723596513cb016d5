"use client";

import { rowSortingFeature, tableFeatures, useTable, type ColumnDef, type SortingState } from "@tanstack/react-table";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClasses } from "@/components/ui/button";
import { inputClasses } from "@/components/ui/field";
import { SCHEDULE_STATES, SCHEDULE_STATE_LABELS, type ScheduleState } from "@/lib/autopilot/schedule-state";
import { formatRelative } from "@/lib/format-time";
import { ApiError, callApi } from "@/lib/http/api-client";
import { LastRun, RunCountsCompact } from "./run-counts";
import { EnabledSwitch } from "./enabled-switch";
import { ZonedTime } from "@/components/time/zoned-time";
import { ScheduleRowMenu } from "./schedule-row-menu";
import { ReportEverySlotButton } from "./report-every-slot-button";
import { TestRunButton } from "./test-run-button";
import { BulkActionBar } from "./bulk-action-bar";
import { ScheduleSelectionContext, SelectPageCheckbox, SelectScheduleCheckbox, type ScheduleSelection } from "./schedule-selection";
import type { ScheduleItem } from "./types";
import { listParams, type ScheduleListState } from "@/lib/autopilot/schedule-list-state";

const PAGE_SIZE = 20;
const features = tableFeatures({ rowSortingFeature });

/** The badge beside a schedule's name (none while it is simply active); never colour alone. */
const STATE_BADGES: Record<Exclude<ScheduleState, "active">, { text: string; tone: string }> = {
  delivery_failing: { text: "⚠ Delivery failing", tone: "bg-red-100 text-red-900" },
  paused: { text: "⏸ Paused", tone: "bg-amber-100 text-amber-900" },
  off: { text: "○ Off", tone: "bg-slate-100 text-slate-700" },
  error: { text: "⚠ Error", tone: "bg-red-100 text-red-900" },
  ended: { text: "✓ Ended", tone: "bg-slate-100 text-slate-700" },
};

function SortIndicator({ direction }: { direction: false | "asc" | "desc" }) {
  return <span aria-hidden className="ml-1 text-slate-400">{direction === "asc" ? "▲" : direction === "desc" ? "▼" : "↕"}</span>;
}

/**
 * The schedule list: sorting, filtering, search and pagination all happen on the server (a workspace may
 * hold thousands of rows), the table renders one page.
 */
export function ScheduleTable({
  workspaceId,
  specifications,
  initial,
  notice,
}: {
  workspaceId: string;
  specifications: { id: string; name: string }[];
  /** The view the address asks for. */
  initial: ScheduleListState;
  /** A confirmation to show first (e.g. after a schedule was deleted). */
  notice?: string | null;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const [sorting, setSorting] = useState<SortingState>([{ id: initial.sort, desc: initial.order === "desc" }]);
  const [state, setState] = useState(initial.state);
  const [specificationId, setSpecificationId] = useState(initial.specificationId);
  const [search, setSearch] = useState(initial.q);
  const [query, setQuery] = useState(initial.q);
  const [offset, setOffset] = useState(initial.offset);
  const [message, setMessage] = useState(notice ?? null);
  const [data, setData] = useState<{ items: ScheduleItem[]; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  const refresh = useCallback(() => setReload((n) => n + 1), []);
  const [ticked, setTicked] = useState<{ view: string; ids: ReadonlySet<string> }>({ view: "", ids: new Set() });
  const [refusals, setRefusals] = useState<string[]>([]);

  // Debounce typing in the search box.
  useEffect(() => {
    const timer = setTimeout(() => {
      const next = search.trim();
      if (next === query) return;
      setQuery(next);
      setOffset(0);
    }, 250);
    return () => clearTimeout(timer);
  }, [search, query]);

  // One view drives both the address and the request. The address follows the view (replaced, not pushed:
  // Back leaves the list instead of undoing a filter).
  const address = listParams({ sort: sorting[0]?.id ?? "next_run_at", order: sorting[0]?.desc ? "desc" : "asc", state, specificationId, q: query, offset }).toString();
  // A selection belongs to the view it was made in: another page, filter or order starts with none.
  const selected = useMemo(() => (ticked.view === address ? ticked.ids : new Set<string>()), [ticked, address]);
  const setSelected = useCallback(
    (update: (previous: ReadonlySet<string>) => ReadonlySet<string>) => setTicked((current) => ({ view: address, ids: update(current.view === address ? current.ids : new Set()) })),
    [address],
  );
  useEffect(() => {
    if (address !== window.location.search.replace(/^\?/, "")) router.replace(`${pathname}${address ? `?${address}` : ""}`, { scroll: false });
  }, [address, pathname, router]);

  useEffect(() => {
    const params = new URLSearchParams(address);
    params.set("limit", String(PAGE_SIZE));
    let current = true;
    callApi<{ items: ScheduleItem[]; total: number }>(`/api/workspaces/${workspaceId}/schedules?${params}`)
      .then((result) => {
        if (!current) return;
        setData(result);
        setError(null);
      })
      .catch((err) => current && setError(err instanceof ApiError ? err.message : "the server did not answer"));
    return () => {
      current = false;
    };
  }, [workspaceId, address, reload]);

  // Stable column definitions: cell renderers are components, and a new identity would remount them
  // (a test run's progress would vanish when the list refreshes).
  const columns = useMemo<ColumnDef<typeof features, ScheduleItem>[]>(() => [
    {
      id: "select",
      header: () => <span className="sr-only">Select</span>,
      enableSorting: false,
      cell: ({ row }) => <SelectScheduleCheckbox id={row.original.id} name={row.original.schedule_name} />,
    },
    {
      id: "schedule_name",
      header: "Name",
      accessorKey: "schedule_name",
      cell: ({ row }) => (
        <div>
          <Link href={`/w/${workspaceId}/autopilot/${row.original.id}`} className="font-medium text-brand-700 underline">
            {row.original.schedule_name}
          </Link>
          {row.original.state !== "active" && (
            <span
              className={`ml-2 rounded px-1.5 py-0.5 text-xs ${STATE_BADGES[row.original.state].tone}`}
              title={row.original.state === "error" && row.original.specification_status === "inactive" ? "Its specification is inactive" : undefined}
              data-testid="schedule-state"
            >
              {STATE_BADGES[row.original.state].text}
            </span>
          )}
        </div>
      ),
    },
    {
      id: "specification_name",
      header: "Specification",
      accessorKey: "specification_name",
      cell: ({ row }) => (
        <span className="inline-flex flex-col">
          <span>{row.original.specification_name}</span>
          {row.original.batch_specification_names.length > 0 && (
            <span className="text-xs text-slate-600" data-testid="batch-specifications">
              and {row.original.batch_specification_names.join(", ")}
            </span>
          )}
        </span>
      ),
    },
    {
      id: "description",
      header: "Cadence",
      accessorKey: "description",
      enableSorting: false,
      cell: ({ row }) => (
        <span className="inline-flex flex-col items-start gap-0.5">
          <span>{row.original.description}</span>
          {row.original.cron && <code className="text-xs text-slate-500">{row.original.cron}</code>}
          {row.original.effective_cadence && (
            <>
              <span className="text-xs font-medium text-amber-900" data-testid="effective-cadence">{row.original.effective_cadence}</span>
              {row.original.can_manage && (
                <ReportEverySlotButton workspaceId={workspaceId} scheduleId={row.original.id} name={row.original.schedule_name} scheduleType={row.original.schedule_type} onChanged={refresh} />
              )}
            </>
          )}
        </span>
      ),
    },
    {
      id: "next_run_at",
      header: "Next report",
      accessorKey: "next_run_at",
      cell: ({ row }) => {
        const s = row.original;
        if (!s.enabled || s.status !== "active" || s.specification_status !== "active") return <span className="text-slate-500">— (not scheduled)</span>;
        // The next slot that makes a report: a slot whose period another run reports first is no "next run".
        const next = s.next_report_at ?? (s.never_delivers ? null : s.next_run_at);
        return (
          <span className="inline-flex flex-col" data-testid="next-report">
            {next ? (
              <>
                <time dateTime={next}>{formatRelative(next)}</time>
                <ZonedTime value={next} scheduleZone={s.schedule_config.timezone} className="text-xs text-slate-600" />
              </>
            ) : (
              <span className="font-medium text-red-800">Makes no report soon</span>
            )}
            {s.next_slot_skipped_by && (
              <span className="max-w-56 text-xs text-amber-800">
                Next slot (<ZonedTime value={s.next_run_at} />) skipped: {s.next_slot_skipped_by} makes that period&apos;s report
              </span>
            )}
          </span>
        );
      },
    },
    {
      id: "last_run_at",
      header: "Last run",
      accessorKey: "last_run_at",
      cell: ({ row }) => (row.original.run_counts ? <LastRun counts={row.original.run_counts} /> : <span className="text-slate-500">Never</span>),
    },
    {
      id: "success_count",
      header: "Runs",
      accessorKey: "success_count",
      cell: ({ row }) => (row.original.run_counts ? <RunCountsCompact counts={row.original.run_counts} /> : null),
    },
    {
      // Sorted by state (Active, Delivery failing, Paused, Off, Error, Ended); the switch is the quick on/off.
      id: "state",
      header: "State",
      accessorKey: "state",
      cell: ({ row }) => (
        <EnabledSwitch
          key={`${row.original.id}-${row.original.enabled}`}
          workspaceId={workspaceId}
          scheduleId={row.original.id}
          name={row.original.schedule_name}
          enabled={row.original.enabled}
          canManage={Boolean(row.original.can_manage)}
          onChange={refresh}
        />
      ),
    },
    {
      id: "actions",
      header: () => <span className="sr-only">Actions</span>,
      enableSorting: false,
      cell: ({ row }) => {
        const s = row.original;
        return (
          <div className="flex flex-wrap items-center gap-1 md:w-56 md:justify-end">
            <TestRunButton workspaceId={workspaceId} scheduleId={s.id} name={s.schedule_name} disabled={!s.can_manage} onFinished={refresh} />
            <ScheduleRowMenu
              workspaceId={workspaceId}
              scheduleId={s.id}
              name={s.schedule_name}
              canManage={Boolean(s.can_manage)}
              onDeleted={() => {
                setMessage(`Deleted “${s.schedule_name}”. Its past reports stay in Reports.`);
                refresh();
              }}
            />
          </div>
        );
      },
    },
  ], [workspaceId, refresh]);

  const table = useTable({
    features,
    columns,
    data: data?.items ?? [],
    state: { sorting },
    onSortingChange: (updater) => {
      setSorting((previous) => (typeof updater === "function" ? updater(previous) : updater));
      setOffset(0);
    },
    manualSorting: true,
    enableMultiSort: false,
    getRowId: (row) => row.id,
  });

  const filtered = Boolean(state || specificationId || query);
  const pageIds = useMemo(() => (data?.items ?? []).map((item) => item.id), [data]);
  const selection = useMemo<ScheduleSelection>(
    () => ({
      selected,
      pageIds,
      toggle: (id, on) =>
        setSelected((previous) => {
          const next = new Set(previous);
          if (on) next.add(id);
          else next.delete(id);
          return next;
        }),
      setPage: (on) => setSelected(() => (on ? new Set(pageIds) : new Set())),
    }),
    [selected, pageIds, setSelected],
  );
  const selectedIds = pageIds.filter((id) => selected.has(id));
  return (
    <ScheduleSelectionContext.Provider value={selection}>
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="schedule-search" className="block text-xs font-medium text-slate-700">Search by name</label>
          <input id="schedule-search" type="search" value={search} onChange={(e) => setSearch(e.target.value)} className={inputClasses} />
        </div>
        <div>
          <label htmlFor="schedule-status" className="block text-xs font-medium text-slate-700">Status</label>
          <select id="schedule-status" value={state} onChange={(e) => { setState(e.target.value); setOffset(0); }} className={inputClasses}>
            <option value="">Any</option>
            {SCHEDULE_STATES.map((value) => (
              <option key={value} value={value}>{SCHEDULE_STATE_LABELS[value]}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="schedule-specification" className="block text-xs font-medium text-slate-700">Specification</label>
          <select id="schedule-specification" value={specificationId} onChange={(e) => { setSpecificationId(e.target.value); setOffset(0); }} className={inputClasses}>
            <option value="">Any</option>
            {specifications.map((spec) => (
              <option key={spec.id} value={spec.id}>{spec.name}</option>
            ))}
          </select>
        </div>
        {pageIds.length > 0 && (
          <label className="inline-flex items-center gap-2 pb-2 text-sm text-slate-700">
            <SelectPageCheckbox />
            Select all on this page
          </label>
        )}
      </div>

      {message && <Alert tone="success">{message}</Alert>}
      {refusals.length > 0 && (
        <Alert>
          <ul className="list-inside list-disc">
            {refusals.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </Alert>
      )}
      {selectedIds.length > 0 && (
        <BulkActionBar
          workspaceId={workspaceId}
          ids={selectedIds}
          onDone={(summary, doneIds) => {
            setMessage(summary.text);
            setRefusals(summary.refused);
            setSelected((previous) => new Set([...previous].filter((id) => !doneIds.includes(id))));
            refresh();
          }}
        />
      )}
      {error && (
        <Alert>
          <span className="flex flex-wrap items-center gap-3">
            <span>{data ? `The list could not be refreshed: ${error}` : `The schedules could not be loaded: ${error}`}</span>
            <Button
              type="button"
              variant="secondary"
              onClick={() => {
                setError(null);
                refresh();
              }}
            >
              Retry
            </Button>
          </span>
        </Alert>
      )}

      {data && data.total === 0 && !filtered ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center">
          <p className="font-medium">No schedules yet</p>
          <p className="mt-1 text-sm text-slate-600">A schedule generates a report for you, every day, week or month, in your time zone.</p>
          <Link href={`/w/${workspaceId}/autopilot/new`} className={buttonClasses("primary", "mt-4")}>New schedule</Link>
        </div>
      ) : (
        <div className="relative rounded-lg border border-slate-200 bg-white shadow-sm md:overflow-x-auto">
          {/* Below the md breakpoint each schedule is a card: its cells stacked, each with its column's name. */}
          <table className="block min-w-full text-sm md:table" aria-busy={!data && !error}>
            <thead className="hidden bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-600 md:table-header-group">
              {table.getHeaderGroups().map((group) => (
                <tr key={group.id}>
                  {group.headers.map((header) => {
                    const sortable = header.column.getCanSort();
                    const direction = header.column.getIsSorted();
                    return (
                      <th
                        key={header.id}
                        scope="col"
                        className="px-3 py-2"
                        aria-sort={direction === "asc" ? "ascending" : direction === "desc" ? "descending" : sortable ? "none" : undefined}
                      >
                        {sortable ? (
                          <button type="button" className="inline-flex items-center uppercase" onClick={header.column.getToggleSortingHandler()}>
                            <table.FlexRender header={header} />
                            <SortIndicator direction={direction} />
                          </button>
                        ) : (
                          <table.FlexRender header={header} />
                        )}
                      </th>
                    );
                  })}
                </tr>
              ))}
            </thead>
            <tbody className="block divide-y divide-slate-100 md:table-row-group">
              {!data && error ? (
                <tr className="block md:table-row">
                  <td colSpan={columns.length} className="block px-3 py-6 text-center text-slate-600 md:table-cell">Nothing to show until the list loads.</td>
                </tr>
              ) : !data
                ? Array.from({ length: 3 }, (_, i) => (
                    <tr key={i} className="block md:table-row">
                      <td colSpan={columns.length} className="block px-3 py-3 md:table-cell">
                        <div className="h-5 animate-pulse rounded bg-slate-100" />
                      </td>
                    </tr>
                  ))
                : table.getRowModel().rows.map((row) => (
                    <tr key={row.id} className="block p-3 align-top md:table-row md:p-0">
                      {row.getAllCells().map((cell) => {
                        const label = typeof cell.column.columnDef.header === "string" ? cell.column.columnDef.header : null;
                        return (
                          <td key={cell.id} className="flex items-start gap-2 py-1 md:table-cell md:px-3 md:py-2">
                            {label && <span className="w-20 shrink-0 text-xs text-slate-500 md:hidden">{label}</span>}
                            <table.FlexRender cell={cell} />
                          </td>
                        );
                      })}
                    </tr>
                  ))}
              {data && data.items.length === 0 && (
                <tr className="block md:table-row">
                  <td colSpan={columns.length} className="block px-3 py-6 text-center text-slate-600 md:table-cell">No schedules match these filters.</td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      )}

      {data && data.total > PAGE_SIZE && (
        <nav aria-label="Pages" className="flex items-center justify-between text-sm">
          <span className="text-slate-600">{offset + 1}–{Math.min(offset + PAGE_SIZE, data.total)} of {data.total}</span>
          <span className="flex gap-2">
            <Button variant="secondary" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}>Previous</Button>
            <Button variant="secondary" disabled={offset + PAGE_SIZE >= data.total} onClick={() => setOffset(offset + PAGE_SIZE)}>Next</Button>
          </span>
        </nav>
      )}
    </div>
    </ScheduleSelectionContext.Provider>
  );
}
