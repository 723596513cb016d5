"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

export function WorkspaceNav({ workspaceId }: { workspaceId: string }) {
  const pathname = usePathname();
  const links = [
    { href: `/w/${workspaceId}/specifications`, label: "Specifications" },
    { href: `/w/${workspaceId}/reports`, label: "Reports" },
    { href: `/w/${workspaceId}/autopilot`, label: "Autopilot" },
    { href: `/w/${workspaceId}/members`, label: "Members" },
  ];
  return (
    <nav aria-label="Workspace sections" className="flex gap-1 overflow-x-auto">
      {links.map((link) => {
        const active = pathname.startsWith(link.href);
        return (
          <Link
            key={link.href}
            href={link.href}
            aria-current={active ? "page" : undefined}
            className={`whitespace-nowrap border-b-2 px-3 py-2 text-sm font-medium ${
              active ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900"
            }`}
          >
            {link.label}
          </Link>
        );
      })}
    </nav>
  );
}
