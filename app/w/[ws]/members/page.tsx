import type { Metadata } from "next";
import { AddMemberForm } from "@/components/add-member-form";
import { PageTitle } from "@/components/page-title";
import { Card } from "@/components/ui/card";
import { requirePageActor } from "@/lib/auth/page-actor";
import { orNotFound } from "@/lib/http/page-errors";
import { loadMembersPage } from "@/lib/workspaces/workspaces";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage({ params }: { params: Promise<{ ws: string }> }) {
  const { ws } = await params;
  const actor = await requirePageActor();
  const { workspace, members } = await orNotFound(loadMembersPage(actor, ws));
  return (
    <>
      <PageTitle title="Members" description={`Who can see and schedule reports in ${workspace.name}.`} />
      <Card className="mb-6">
        <ul className="divide-y divide-slate-100">
          {members.map((member) => (
            <li key={member.user_id} className="flex items-center justify-between py-2 text-sm">
              <span>{member.email}</span>
              <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700">{member.role}</span>
            </li>
          ))}
        </ul>
      </Card>
      {workspace.role === "owner" ? (
        <Card>
          <h2 className="mb-3 font-semibold">Add a member</h2>
          <AddMemberForm workspaceId={ws} />
        </Card>
      ) : (
        <p className="text-sm text-slate-600">Only owners can add members.</p>
      )}
    </>
  );
}
