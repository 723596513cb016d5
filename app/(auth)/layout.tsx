import { Card } from "@/components/ui/card";

export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <main className="mx-auto flex min-h-screen max-w-sm flex-col justify-center px-4 py-10">
      <p className="mb-6 text-center text-2xl font-semibold tracking-tight">
        <span aria-hidden>✈︎ </span>Autopilot
      </p>
      <Card>{children}</Card>
      <p className="mt-6 text-center text-xs text-slate-500">Scheduled reports from your newsletter specifications.</p>
    </main>
  );
}
