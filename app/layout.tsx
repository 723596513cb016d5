import type { Metadata } from "next";
import { headers } from "next/headers";
import { DisplayZoneProvider } from "@/components/time/display-zone";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Autopilot", template: "%s · Autopilot" },
  description: "Scheduled report generation for your newsletter specifications.",
  icons: { icon: "/icon.svg" },
  manifest: "/manifest.webmanifest",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Reading the request makes every page render per request, so each carries its response's CSP nonce.
  await headers();
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">
        {/* Every page shows times in the viewer's chosen zone (invitations and recipients' links included). */}
        <DisplayZoneProvider>{children}</DisplayZoneProvider>
      </body>
    </html>
  );
}
