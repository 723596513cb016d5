"use client";

import { Button } from "@/components/ui/button";

/** Where a progress display gave up: says so, instead of showing "Running" forever, and offers to try again. */
export function LostContact({ message, retry }: { message: string; retry: () => void }) {
  return (
    <span role="alert" className="inline-flex flex-wrap items-center gap-2 text-xs text-red-700">
      <span>Status unknown. {message}</span>
      <Button type="button" variant="secondary" onClick={retry}>
        Retry
      </Button>
    </span>
  );
}
