"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { Button } from "@/components/ui/button";
import { ApiError, callApi } from "@/lib/http/api-client";
import { DeleteScheduleDialog } from "./delete-schedule-button";

const ITEM = "block w-full px-3 py-2 text-left text-sm hover:bg-slate-100 focus:bg-slate-100 focus:outline-none disabled:cursor-not-allowed disabled:text-slate-400";

/**
 * A row's less frequent actions (Edit, Duplicate, Delete) behind one button, as a menu: it opens on its first item,
 * arrow keys move, Escape or a click elsewhere closes it and gives the focus back.
 */
export function ScheduleRowMenu({
  workspaceId,
  scheduleId,
  name,
  canManage,
  onDeleted,
}: {
  workspaceId: string;
  scheduleId: string;
  name: string;
  canManage: boolean;
  onDeleted: () => void;
}) {
  const [open, setOpen] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [copying, setCopying] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const router = useRouter();

  // The copy is made off, then opened in the editor to be checked, switched on and saved.
  const duplicate = async () => {
    setOpen(false);
    setCopying(true);
    setError(null);
    try {
      const copy = await callApi<{ id: string; left_out: string[] }>(`/api/workspaces/${workspaceId}/schedules/${scheduleId}/duplicate`, { method: "POST" });
      const search = new URLSearchParams({ copied_from: name });
      for (const label of copy.left_out) search.append("left_out", label);
      router.push(`/w/${workspaceId}/autopilot/${copy.id}/edit?${search}`);
    } catch (err) {
      setCopying(false);
      setError(err instanceof ApiError ? err.message : "Could not duplicate the schedule; try again.");
      button.current?.focus();
    }
  };
  const menuId = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    root.current?.querySelector<HTMLElement>('[role="menuitem"]:not([disabled])')?.focus();
    const closeOutside = (event: MouseEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", closeOutside);
    return () => document.removeEventListener("mousedown", closeOutside);
  }, [open]);

  const onKeyDown = (event: KeyboardEvent) => {
    const items = [...(root.current?.querySelectorAll<HTMLElement>('[role="menuitem"]:not([disabled])') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    if (event.key === "Escape") {
      setOpen(false);
      button.current?.focus();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      items[(at + (event.key === "ArrowDown" ? 1 : items.length - 1)) % items.length]?.focus();
    } else if (event.key === "Tab") {
      setOpen(false);
    }
  };

  return (
    <div ref={root} className="relative inline-block" onKeyDown={onKeyDown}>
      <Button ref={button} type="button" variant="ghost" aria-haspopup="menu" aria-expanded={open} aria-controls={open ? menuId : undefined} aria-label={`More actions for ${name}`} onClick={() => setOpen(!open)}>
        <span aria-hidden>⋯</span>
      </Button>
      {open && (
        <div id={menuId} role="menu" aria-label={`Actions for ${name}`} className="absolute right-0 z-20 mt-1 w-44 overflow-hidden rounded-md border border-slate-200 bg-white py-1 shadow-lg">
          <Link role="menuitem" href={`/w/${workspaceId}/autopilot/${scheduleId}/edit`} className={ITEM}>
            Edit
          </Link>
          <button role="menuitem" type="button" disabled={copying} className={ITEM} onClick={duplicate}>
            Duplicate
          </button>
          <button
            role="menuitem"
            type="button"
            disabled={!canManage}
            title={canManage ? undefined : "Only its creator or a workspace owner can delete it"}
            className={`${ITEM} text-red-700`}
            onClick={() => {
              setOpen(false);
              setDeleting(true);
            }}
          >
            Delete…
          </button>
        </div>
      )}
      {(copying || error) && (
        <p role={error ? "alert" : "status"} className={`absolute right-0 z-10 mt-1 w-56 rounded-md border bg-white px-2 py-1 text-xs shadow ${error ? "border-red-200 text-red-800" : "border-slate-200 text-slate-700"}`}>
          {error ?? "Making a copy…"}
        </p>
      )}
      <DeleteScheduleDialog
        open={deleting}
        onClose={() => {
          setDeleting(false);
          button.current?.focus();
        }}
        workspaceId={workspaceId}
        scheduleId={scheduleId}
        name={name}
        onDeleted={onDeleted}
      />
    </div>
  );
}
