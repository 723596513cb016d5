import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthForm } from "@/components/auth-form";
import { pageActor } from "@/lib/auth/page-actor";
import { returnPath } from "@/lib/http/return-path";

export const metadata: Metadata = { title: "Create an account" };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const next = returnPath((await searchParams).next);
  if (await pageActor()) redirect(next ?? "/");
  return (
    <>
      <h1 className="mb-1 text-lg font-semibold">Create your account</h1>
      <p className="mb-4 text-sm text-slate-600">You get a workspace with a sample specification to try Autopilot at once.</p>
      <AuthForm mode="sign-up" next={next} />
    </>
  );
}
