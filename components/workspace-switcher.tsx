"use client";

import { useRouter } from "next/navigation";

export function WorkspaceSwitcher({
  current,
  workspaces,
}: {
  current: string;
  workspaces: { id: string; name: string }[];
}) {
  const router = useRouter();
  return (
    <div className="flex items-center gap-2">
      <label htmlFor="workspace-switcher" className="sr-only">
        Workspace
      </label>
      <select
        id="workspace-switcher"
        value={current}
        onChange={(event) => {
          const value = event.target.value;
          router.push(value === "__new" ? "/workspaces/new" : `/w/${value}/specifications`);
        }}
        className="max-w-[14rem] truncate rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm"
      >
        {workspaces.map((workspace) => (
          <option key={workspace.id} value={workspace.id}>
            {workspace.name}
          </option>
        ))}
        <option value="__new">+ New workspace…</option>
      </select>
    </div>
  );
}
