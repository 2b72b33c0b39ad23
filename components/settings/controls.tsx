"use client";

import { useRef, useState, type ReactNode } from "react";

/** Shared look of the settings forms (inputs as in components/responses, indigo primary action). */
export const inputClass =
  "h-9 rounded-md border border-slate-300 bg-white px-3 text-sm outline-none placeholder:text-slate-400 focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/20";
export const primaryButtonClass = "h-9 rounded-md bg-indigo-600 px-3 text-sm font-medium text-white hover:bg-indigo-700 disabled:cursor-not-allowed disabled:opacity-60";
export const quietButtonClass = "rounded-md border border-slate-300 bg-white px-2 py-1 text-xs font-medium text-slate-700 hover:bg-slate-50 disabled:opacity-50";
export const dangerButtonClass = "rounded-md border border-red-200 bg-white px-2 py-1 text-xs font-medium text-red-700 hover:bg-red-50 disabled:opacity-50";

export function SettingsCard({ title, subtitle, children, testId }: { title: string; subtitle?: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <section className="card p-4" aria-label={title} data-testid={testId}>
      <h2 className="text-sm font-semibold text-slate-800">{title}</h2>
      {subtitle ? <p className="mt-0.5 text-xs text-slate-500">{subtitle}</p> : null}
      <div className="mt-3">{children}</div>
    </section>
  );
}

export function ErrorNote({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p role="alert" className="mt-2 text-sm text-red-700">
      {error instanceof Error ? error.message : "something went wrong"}
    </p>
  );
}

/** Table states in one place, so every table says the same thing while loading or failing. */
export function QueryState({ isPending, error, children }: { isPending: boolean; error: Error | null; children: ReactNode }) {
  if (error) return <ErrorNote error={new Error(`Could not load: ${error.message}`)} />;
  if (isPending) return <div className="h-16 animate-pulse rounded bg-slate-100" aria-busy="true" />;
  return <>{children}</>;
}

/**
 * A secret or link to hand on: a read-only field plus Copy. The Clipboard API needs a secure
 * context (https or localhost); elsewhere the text is selected for Ctrl+C instead.
 */
export function CopyField({ value, label, testId }: { value: string; label: string; testId: string }) {
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);
  async function copy() {
    input.current?.select();
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      window.setTimeout(() => setCopied(false), 2_000);
    } catch {
      // Selected above: the user copies by hand.
    }
  }
  return (
    <div className="flex items-center gap-2">
      <input
        ref={input}
        readOnly
        aria-label={label}
        value={value}
        data-testid={testId}
        onFocus={(event) => event.currentTarget.select()}
        className="h-9 min-w-0 flex-1 rounded-md border border-slate-300 bg-slate-50 px-3 font-mono text-xs text-slate-900"
      />
      <button type="button" onClick={() => void copy()} className={`${quietButtonClass} h-9 px-3`}>
        {copied ? "Copied" : "Copy"}
      </button>
    </div>
  );
}
