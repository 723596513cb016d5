import type { Metadata } from "next";
import Link from "next/link";
import { AcceptInvitationButton } from "@/components/members/accept-invitation-button";
import { SignOutButton } from "@/components/sign-out-button";
import { ZonedTime } from "@/components/time/zoned-time";
import { Card } from "@/components/ui/card";
import { pageActor } from "@/lib/auth/page-actor";
import { describeInvitation } from "@/lib/invitations/invitations";
import { linkTokenSchema } from "@/lib/validation/link-token";

export const metadata: Metadata = { title: "Invitation" };

export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invitation = linkTokenSchema.safeParse({ token }).success ? await describeInvitation(token) : null;
  const actor = await pageActor();
  const here = `/invite/${token}`;

  let body;
  if (!invitation) {
    body = <p>This invitation link is not valid: it may have been renewed or revoked. Ask the workspace&apos;s owner for a new one.</p>;
  } else if (invitation.state === "expired") {
    body = (
      <p>
        This invitation to {invitation.workspace_name} expired on <ZonedTime value={invitation.expires_at} />. Ask {invitation.invited_by_email ?? "the workspace's owner"} for a new one.
      </p>
    );
  } else if (invitation.state === "accepted") {
    body = (
      <p>
        This invitation has been accepted.{" "}
        {actor ? <Link className="font-medium text-brand-700 underline" href={`/w/${invitation.workspace_id}/specifications`}>Open {invitation.workspace_name}</Link> : null}
      </p>
    );
  } else {
    const role = invitation.role === "owner" ? "an owner" : "a member";
    body = (
      <div className="space-y-4">
        <p>
          {invitation.invited_by_email ?? "An owner"} invited <strong>{invitation.email}</strong> to join <strong>{invitation.workspace_name}</strong> as {role}. The link works until{" "}
          <ZonedTime value={invitation.expires_at} />.
        </p>
        {!actor ? (
          <p>
            <Link className="font-medium text-brand-700 underline" href={`/sign-in?next=${encodeURIComponent(here)}`}>Sign in</Link> or{" "}
            <Link className="font-medium text-brand-700 underline" href={`/sign-up?next=${encodeURIComponent(here)}`}>create an account</Link> with {invitation.email} to accept.
          </p>
        ) : actor.email !== invitation.email ? (
          <div className="space-y-3">
            <p>
              You are signed in as {actor.email}. Sign out, then sign in with {invitation.email} to accept.
            </p>
            <SignOutButton then={`/sign-in?next=${encodeURIComponent(here)}`} />
          </div>
        ) : (
          <AcceptInvitationButton token={token} workspaceName={invitation.workspace_name} />
        )}
      </div>
    );
  }
  return (
    <main className="mx-auto max-w-lg px-4 py-12">
      <Card>
        <h1 className="mb-3 text-lg font-semibold">Invitation</h1>
        <div className="text-sm text-slate-700">{body}</div>
      </Card>
    </main>
  );
}
