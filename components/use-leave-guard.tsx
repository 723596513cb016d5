"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";

/**
 * While `active` (a form with unsaved changes), leaving asks first: closing or reloading the tab (the
 * browser's own question), and following any link inside the app (client-side navigation, which the
 * browser does not guard) through a dialog. `ask(href)` asks the same before a navigation of the page's own.
 */
export function useLeaveGuard(active: boolean, what = "Your changes are not saved.") {
  const router = useRouter();
  const [pendingHref, setPendingHref] = useState<string | null>(null);

  useEffect(() => {
    if (!active) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    // Capture phase: before the app's links handle the click.
    const intercept = (event: MouseEvent) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const link = (event.target as Element | null)?.closest?.("a[href]") as HTMLAnchorElement | null;
      if (!link || link.target === "_blank" || link.origin !== window.location.origin || link.hasAttribute("download")) return;
      event.preventDefault();
      event.stopPropagation();
      setPendingHref(`${link.pathname}${link.search}${link.hash}`);
    };
    window.addEventListener("beforeunload", warn);
    document.addEventListener("click", intercept, true);
    return () => {
      window.removeEventListener("beforeunload", warn);
      document.removeEventListener("click", intercept, true);
    };
  }, [active]);

  const dialog = (
    <ConfirmDialog
      open={pendingHref !== null}
      title="Leave without saving?"
      confirmLabel="Leave"
      tone="primary"
      onCancel={() => setPendingHref(null)}
      onConfirm={() => {
        const href = pendingHref;
        setPendingHref(null);
        if (href) router.push(href);
      }}
    >
      {what}
    </ConfirmDialog>
  );
  return {
    /** Navigates to `href`, asking first while the guard is active. */
    leave: (href: string) => (active ? setPendingHref(href) : router.push(href)),
    dialog,
  };
}
