import type { Metadata } from "next";
import { AppHeader } from "@/components/app-header";
import { NewWorkspaceForm } from "@/components/new-workspace-form";
import { PageTitle } from "@/components/page-title";
import { Card } from "@/components/ui/card";
import { requirePageActor } from "@/lib/auth/page-actor";

export const metadata: Metadata = { title: "New workspace" };

export default async function NewWorkspacePage() {
  const actor = await requirePageActor();
  return (
    <>
      <AppHeader email={actor.email} workspaces={[]} />
      <main className="mx-auto max-w-xl px-4 py-6">
        <PageTitle title="New workspace" description="You will be its owner and can add members afterwards." />
        <Card>
          <NewWorkspaceForm />
        </Card>
      </main>
    </>
  );
}
