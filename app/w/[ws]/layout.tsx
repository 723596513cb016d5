import { AppHeader } from "@/components/app-header";
import { requirePageActor } from "@/lib/auth/page-actor";
import { runAsUser } from "@/lib/db/run-as";
import { orNotFound } from "@/lib/http/page-errors";
import { requireWorkspace } from "@/lib/workspaces/workspace-access";
import { listWorkspaces } from "@/lib/workspaces/workspaces";

export default async function WorkspaceLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ ws: string }>;
}) {
  const { ws } = await params;
  const actor = await requirePageActor();
  const workspace = await orNotFound(runAsUser(actor, (tx) => requireWorkspace(tx, actor, ws, "read")));
  const workspaces = await listWorkspaces(actor);
  // An admin looking at someone else's workspace still sees it in the switcher.
  const choices = workspaces.some((w) => w.id === workspace.id) ? workspaces : [workspace, ...workspaces];
  return (
    <>
      <AppHeader email={actor.email} workspaceId={workspace.id} workspaces={choices} isPlatformAdmin={actor.isPlatformAdmin} />
      <main className="mx-auto max-w-6xl px-4 py-6">{children}</main>
    </>
  );
}
