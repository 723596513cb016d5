import type { Metadata } from "next";
import { ConfirmEmailButton } from "@/components/confirm-email-button";
import { Card } from "@/components/ui/card";
import { pendingConfirmationInApp } from "@/lib/admin/admin-confirmation";
import { linkTokenSchema } from "@/lib/validation/link-token";

export const metadata: Metadata = { title: "Confirm your address" };

export default async function ConfirmEmailPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const email = linkTokenSchema.safeParse({ token }).success ? await pendingConfirmationInApp(token) : null;
  return (
    <main className="mx-auto max-w-lg px-4 py-12">
      <Card>
        <h1 className="mb-3 text-lg font-semibold">Confirm your address</h1>
        <div className="space-y-3 text-sm text-slate-700">
          {email ? (
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
