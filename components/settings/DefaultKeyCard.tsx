"use client";

import { useState } from "react";
import { quietButtonClass, SettingsCard } from "./controls";

/**
 * The default project's generated key, kept so instance admins can look it up (README,
 * "What is logged"); the page passes it only to instance admins. With LOUPE_API_KEY set there is none.
 */
export function DefaultKeyCard({ generatedKey }: { generatedKey: string }) {
  const [revealed, setRevealed] = useState(false);
  return (
    <SettingsCard title="Generated default key" subtitle="Created at first start for the Default project (ingest and read). Set LOUPE_API_KEY to use your own instead.">
      <div className="flex items-center gap-2">
        <code data-testid="api-key" className="rounded bg-slate-100 px-2 py-1 font-mono text-sm">
          {revealed ? generatedKey : `${generatedKey.slice(0, 8)}${"•".repeat(24)}`}
        </code>
        <button type="button" className={quietButtonClass} onClick={() => setRevealed((v) => !v)}>
          {revealed ? "Hide" : "Reveal"}
        </button>
        <button type="button" className={quietButtonClass} onClick={() => void navigator.clipboard?.writeText(generatedKey)}>
          Copy
        </button>
      </div>
    </SettingsCard>
  );
}
