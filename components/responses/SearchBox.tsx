"use client";

import { useEffect, useState } from "react";
import { MAX_SEARCH_LENGTH } from "./explorerSearch";

export const SEARCH_DEBOUNCE_MS = 300;

interface SearchBoxProps {
  /** The search in the URL. */
  value: string;
  /** Called 300 ms after typing stops (or on Enter) with the trimmed text. */
  onCommit: (value: string) => void;
  className?: string;
}

/** Text search over the output, debounced so each keystroke does not become a request. */
export function SearchBox({ value, onCommit, className = "" }: SearchBoxProps) {
  const [draft, setDraft] = useState(value);
  const [seen, setSeen] = useState(value);
  const [committed, setCommitted] = useState(value);
  // The URL changed: adopt it when it came from elsewhere (reset, Back), not from our own commit.
  if (value !== seen) {
    setSeen(value);
    if (value !== committed && value !== draft.trim()) setDraft(value);
  }

  useEffect(() => {
    const next = draft.trim();
    if (next === value) return;
    const timer = setTimeout(() => {
      setCommitted(next);
      onCommit(next);
    }, SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [draft, value, onCommit]);

  return (
    <div className={`relative ${className}`}>
      <svg aria-hidden viewBox="0 0 20 20" className="pointer-events-none absolute left-2.5 top-1/2 h-4 w-4 -translate-y-1/2 text-slate-400">
        <path fill="currentColor" d="M8.5 3a5.5 5.5 0 0 1 4.38 8.83l3.65 3.64-1.06 1.06-3.64-3.65A5.5 5.5 0 1 1 8.5 3Zm0 1.5a4 4 0 1 0 0 8 4 4 0 0 0 0-8Z" />
      </svg>
      <input
        type="search"
        data-testid="search-input"
        aria-label="Search output text"
        placeholder="Search output text…"
        maxLength={MAX_SEARCH_LENGTH}
        value={draft}
        onChange={(event) => setDraft(event.target.value)}
        onKeyDown={(event) => {
          if (event.key !== "Enter") return;
          const next = draft.trim();
          setCommitted(next);
          if (next !== value) onCommit(next);
        }}
        className="h-9 w-full rounded-md border border-slate-300 bg-white pl-8 pr-2 text-sm outline-none placeholder:text-slate-500 focus:border-indigo-600 focus:ring-2 focus:ring-indigo-600"
      />
    </div>
  );
}
