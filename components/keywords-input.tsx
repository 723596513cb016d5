"use client";

import { useState } from "react";
import { inputClasses } from "@/components/ui/field";

function splitKeywords(text: string): string[] {
  return text
    .split(",")
    .map((word) => word.trim())
    .filter(Boolean);
}

/** Keywords are a list; people type them comma-separated. The raw text stays local so typing is not disturbed. */
export function KeywordsInput({
  id,
  value,
  onChange,
  invalid,
}: {
  id: string;
  value: string[];
  onChange: (keywords: string[]) => void;
  invalid?: boolean;
}) {
  const [text, setText] = useState(value.join(", "));
  return (
    <input
      id={id}
      value={text}
      aria-invalid={invalid || undefined}
      placeholder="comma, separated, words"
      className={inputClasses}
      onChange={(event) => {
        setText(event.target.value);
        onChange(splitKeywords(event.target.value));
      }}
    />
  );
}
