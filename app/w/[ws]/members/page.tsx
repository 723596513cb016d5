import type { Metadata } from "next";
import { InviteMemberForm } from "@/components/members/invite-member-form";
import { ApproveInvitationButton } from "@/components/members/approve-invitation-button";
import { RevokeInvitationButton } from "@/components/members/revoke-invitation-button";
import { PageTitle } from "@/components/page-title";
import { ZonedTime } from "@/components/time/zoned-time";
import { Card } from "@/components/ui/card";
import { requirePageActor } from "@/lib/auth/page-actor";
import { orNotFound } from "@/lib/http/page-errors";
import { loadMembersPage } from "@/lib/workspaces/workspaces";
import { listMyEmails } from "@/lib/autopilot/my-emails";
import { StopMyEmailsButton } from "@/components/members/stop-my-emails-button";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage({ params }: { params: Promise<{ ws: string }> }) {
  const { ws } = await params;
  const actor = await requirePageActor();
  const { workspace, members, invitations } = await orNotFound(loadMembersPage(actor, ws));
  const myEmails = (await listMyEmails(actor, ws)).items;
  const isOwner = workspace.role === "owner";
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
      <Card className="mb-6">
        <h2 id="my-emails" className="text-sm font-semibold">Emails you receive</h2>
        {myEmails.length === 0 ? (
          <p className="mt-1 text-sm text-slate-600">No schedule of {workspace.name} emails {actor.email}.</p>
        ) : (
          <ul className="mt-2 divide-y divide-slate-100" aria-label="Schedules that email you">
            {myEmails.map((subscription) => (
              <li key={subscription.schedule_id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
                <span>{subscription.schedule_name}</span>
                <StopMyEmailsButton workspaceId={ws} scheduleId={subscription.schedule_id} name={subscription.schedule_name} />
              </li>
            ))}
          </ul>
        )}
      </Card>
      {invitations.length > 0 && (
        <Card className="mb-6">
          <h2 className="mb-2 font-semibold">Invited</h2>
          <ul className="divide-y divide-slate-100" aria-label="Open invitations">
            {invitations.map((invitation) => (
              <li key={invitation.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
                <span>
                  {invitation.email} <span className="text-slate-500">· {invitation.role}</span>
                  <span className="block text-xs text-slate-500">
                    {invitation.expired ? "Expired " : invitation.requested_at ? "Waiting for an owner's approval · link works until " : "Waiting for an answer · link works until "}
                    <ZonedTime value={invitation.expires_at} />
                    {invitation.invited_by_email ? ` · invited by ${invitation.invited_by_email}` : ""}
                  </span>
                  {invitation.requested_at && !invitation.expired && (
                    <span className="block text-xs text-amber-800">
                      Asked to join <ZonedTime value={invitation.requested_at} /> with a link that was not emailed to them: approve once you have checked
                      with {invitation.email} that it is them.
                    </span>
                  )}
                </span>
                <span className="flex items-center gap-2">
                  {isOwner && invitation.requested_at && !invitation.expired && <ApproveInvitationButton workspaceId={ws} id={invitation.id} email={invitation.email} />}
                  {isOwner && <RevokeInvitationButton workspaceId={ws} id={invitation.id} email={invitation.email} />}
                </span>
              </li>
            ))}
          </ul>
        </Card>
      )}
      {isOwner ? (
        <Card>
          <h2 className="mb-1 font-semibold">Invite someone</h2>
          <p className="mb-3 text-sm text-slate-600">They join when they accept, signed in with the address you invite. Inviting again sends a new link.</p>
          <InviteMemberForm workspaceId={ws} />
        </Card>
      ) : (
        <p className="text-sm text-slate-600">Only owners can invite people.</p>
      )}
    </>
  );
}
