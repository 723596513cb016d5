import type { Metadata } from "next";
import { ConfirmEmailButton } from "@/components/confirm-email-button";
import { Card } from "@/components/ui/card";
import { pendingConfirmationInApp } from "@/lib/admin/admin-confirmation";
import { requirePageActor } from "@/lib/auth/page-actor";
import { linkTokenSchema } from "@/lib/validation/link-token";

export const metadata: Metadata = { title: "Confirm your address" };

export default async function ConfirmEmailPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  // The link works only signed in to the account it was sent for; signing in comes back here.
  const actor = await requirePageActor();
  const email = linkTokenSchema.safeParse({ token }).success ? await pendingConfirmationInApp(token) : null;
  const otherAccount = email !== null && email.toLowerCase() !== actor.email.toLowerCase();
  return (
    <main className="mx-auto max-w-lg px-4 py-12">
      <Card>
        <h1 className="mb-3 text-lg font-semibold">Confirm your address</h1>
        <div className="space-y-3 text-sm text-slate-700">
          {otherAccount ? (
            <p>
              This link confirms the account created with {email}; you are signed in as {actor.email}. Sign out and sign in to that account to confirm it. If
              you did not create it, ignore the link: nothing changes.
            </p>
          ) : email ? (
            <>
              <p>{email} is listed as an Autopilot administrator. Confirming it gives this account the Admin dashboard.</p>
              <ConfirmEmailButton token={token} email={email} />
            </>
          ) : (
            <p>This confirmation link is not valid any more: it was used, replaced by a newer one, or it expired.</p>
          )}
        </div>
      </Card>
    </main>
  );
}
