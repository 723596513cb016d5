"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";

/** A signing secret made in the browser: 32 random bytes, hex, with a prefix that says what it is. */
function newSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return `whsec_${Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("")}`;
}

/**
 * Generates a webhook's signing secret for the person, puts it in the form and shows it once to copy into
 * the receiver: after saving it is kept on the server and never shown again.
 */
export function GenerateSecretButton({ label, onGenerated }: { label: string; onGenerated: (secret: string) => void }) {
  const [secret, setSecret] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  return (
    <span className="flex flex-col gap-1">
      <Button
        type="button"
        variant="secondary"
        aria-label={`Generate a secret for ${label}`}
        onClick={() => {
          const made = newSecret();
          setSecret(made);
          setCopied(false);
          onGenerated(made);
        }}
      >
        Generate a secret
      </Button>
      {secret && (
        <span className="space-y-1 text-xs text-slate-700" data-testid="generated-secret">
          <span className="block">Copy it into your receiver now: after saving, it is never shown again.</span>
          <code className="block break-all rounded bg-slate-100 px-2 py-1">{secret}</code>
          <Button
            type="button"
            variant="ghost"
            onClick={async () => {
              await navigator.clipboard?.writeText(secret).catch(() => undefined);
              setCopied(true);
            }}
          >
            {copied ? "Copied" : "Copy"}
          </Button>
        </span>
      )}
    </span>
  );
}
