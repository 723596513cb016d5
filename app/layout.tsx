import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Autopilot", template: "%s · Autopilot" },
  description: "Scheduled report generation for your newsletter specifications.",
  icons: { icon: "/icon.svg" },
  manifest: "/manifest.webmanifest",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">{children}</body>
    </html>
  );
}
