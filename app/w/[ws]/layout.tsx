import { AppHeader } from "@/components/app-header";
import { requirePageActor } from "@/lib/auth/page-actor";
import { orNotFound } from "@/lib/http/page-errors";
import { loadWorkspaceFrame } from "@/lib/workspaces/workspaces";

export default async function WorkspaceLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ ws: string }>;
}) {
  const { ws } = await params;
  const actor = await requirePageActor();
  const { workspace, workspaces: choices } = await orNotFound(loadWorkspaceFrame(actor, ws));
  return (
    <>
      <AppHeader email={actor.email} workspaceId={workspace.id} workspaces={choices} isPlatformAdmin={actor.isPlatformAdmin} />
      <main className="mx-auto max-w-6xl px-4 py-6">{children}</main>
    </>
  );
}
