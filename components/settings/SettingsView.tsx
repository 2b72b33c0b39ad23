"use client";

import { useState } from "react";

interface KeyRow {
  name: string;
  prefix: string;
  scopes: string;
  createdAt: number;
  lastUsedAt: number | null;
  project: string;
}

export function SettingsView({ generatedKey, keyFromEnv, keys, maxBodyBytes }: { generatedKey: string | null; keyFromEnv: boolean; keys: KeyRow[]; maxBodyBytes: number }) {
  const [revealed, setRevealed] = useState(false);
  const origin = typeof window === "undefined" ? "http://localhost:3000" : window.location.origin;
  const shownKey = generatedKey ? (revealed ? generatedKey : `${generatedKey.slice(0, 8)}${"•".repeat(24)}`) : "$LOUPE_API_KEY";
  const curl = `curl -X POST ${origin}/api/v1/ingest \\
  -H "Authorization: Bearer ${generatedKey && revealed ? generatedKey : "<your key>"}" \\
  -H "Content-Type: application/json" \\
  -d @response.json`;
  return (
    <div className="max-w-3xl space-y-4">
      <h1 className="text-lg font-semibold">Settings</h1>
      <section className="card p-4" aria-label="Ingest key">
        <h2 className="text-sm font-semibold">Default project&apos;s API key</h2>
        {keyFromEnv ? (
          <p className="mt-2 text-sm text-slate-600">The key comes from the <code>LOUPE_API_KEY</code> environment variable; it is not shown here.</p>
        ) : generatedKey ? (
          <div className="mt-2 flex items-center gap-2">
            <code data-testid="api-key" className="rounded bg-slate-100 px-2 py-1 font-mono text-sm">{shownKey}</code>
            <button type="button" className="rounded border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100" onClick={() => setRevealed((v) => !v)}>
              {revealed ? "Hide" : "Reveal"}
            </button>
            <button type="button" className="rounded border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100" onClick={() => void navigator.clipboard?.writeText(generatedKey)}>
              Copy
            </button>
          </div>
        ) : (
          <p className="mt-2 text-sm text-slate-600">No generated key.</p>
        )}
        <p className="mt-2 text-xs text-slate-500">Generated at first start and stored hashed for authentication; this copy is kept so it can be shown here. Set <code>LOUPE_API_KEY</code> to use your own.</p>
      </section>
      <section className="card p-4" aria-label="Send data">
        <h2 className="text-sm font-semibold">Send responses</h2>
        <p className="mt-1 text-sm text-slate-600">POST any supported format (OpenAI chat / streaming / legacy / Responses, Together, vLLM, llama.cpp, Ollama, or Loupe&apos;s plain shape). Bodies up to {(maxBodyBytes / 1024 / 1024).toFixed(0)} MB.</p>
        <pre className="mt-2 overflow-x-auto rounded bg-slate-900 p-3 text-xs text-slate-100">{curl}</pre>
      </section>
      <section className="card p-4" aria-label="API keys">
        <h2 className="text-sm font-semibold">Active keys</h2>
        <table className="mt-2 w-full text-left text-sm">
          <thead className="text-xs text-slate-500">
            <tr><th className="py-1">Name</th><th>Prefix</th><th>Project</th><th>Scopes</th><th>Last used</th></tr>
          </thead>
          <tbody>
            {keys.map((key) => (
              <tr key={key.prefix + key.createdAt} className="border-t border-slate-100">
                <td className="py-1">{key.name}</td>
                <td className="font-mono text-xs">{key.prefix}…</td>
                <td>{key.project}</td>
                <td>{key.scopes}</td>
                <td className="text-xs text-slate-500">{key.lastUsedAt ? new Date(key.lastUsedAt).toLocaleString() : "never"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
