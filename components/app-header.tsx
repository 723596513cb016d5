import Link from "next/link";
import { SignOutButton } from "./sign-out-button";
import { DisplayZoneSwitch } from "./time/display-zone-switch";
import { WorkspaceNav } from "./workspace-nav";
import { WorkspaceSwitcher } from "./workspace-switcher";

export function AppHeader({
  email,
  workspaceId,
  workspaces,
  isPlatformAdmin = false,
}: {
  email: string;
  workspaceId?: string;
  workspaces: { id: string; name: string }[];
  isPlatformAdmin?: boolean;
}) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-3 px-4 py-3">
        <Link href="/" aria-label="Autopilot home" className="text-lg font-semibold tracking-tight">
          <span aria-hidden>✈︎ </span>Autopilot
        </Link>
        {workspaceId && <WorkspaceSwitcher current={workspaceId} workspaces={workspaces} />}
        <div className="ml-auto flex items-center gap-2">
          {isPlatformAdmin && (
            <Link href="/admin" className="rounded-md px-2 py-1 text-sm font-medium text-slate-700 hover:bg-slate-100">
              Admin
            </Link>
          )}
          <span className="hidden text-sm text-slate-600 sm:inline" title="Signed in as">
            {email}
          </span>
          <SignOutButton />
        </div>
      </div>
      {workspaceId && (
        <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-x-4 px-4">
          <WorkspaceNav workspaceId={workspaceId} />
          <div className="py-1">
            <DisplayZoneSwitch />
          </div>
        </div>
      )}
    </header>
  );
}
