"use client";

import { useState, type FormEvent } from "react";
import type { ApiKeyScope } from "@/lib/auth/apiKeys";
import { CopyField, dangerButtonClass, ErrorNote, inputClass, primaryButtonClass, QueryState, quietButtonClass, SettingsCard } from "./controls";
import { formatTimestamp } from "./format";
import { useApiKeys, useCreateApiKey, useRevokeApiKey, type ApiKeyRow } from "./settingsQueries";
import { createKeyBlocker } from "./createKeyBlocker";

const SCOPES: Array<{ scope: ApiKeyScope; label: string; hint: string }> = [
  { scope: "ingest", label: "ingest", hint: "send responses" },
  { scope: "read", label: "read", hint: "query the API" },
];

/** A project's API keys: list, create (the key is shown once), revoke. Project admins only. */
export function ApiKeysSection({ projectId, projectName }: { projectId: string; projectName: string }) {
  const keys = useApiKeys(projectId);
  return (
    <SettingsCard title="API keys" subtitle={`Keys send to and read from ${projectName}. Loupe stores only a hash: a key is shown once, when it is created.`} testId="api-keys">
      <CreateKeyForm projectId={projectId} />
      <div className="mt-4">
        <QueryState isPending={keys.isPending} error={keys.error}>
          {keys.data && keys.data.length > 0 ? <KeysTable projectId={projectId} keys={keys.data} /> : <p className="text-sm text-slate-500">No keys yet.</p>}
        </QueryState>
      </div>
    </SettingsCard>
  );
}

function CreateKeyForm({ projectId }: { projectId: string }) {
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<ApiKeyScope[]>(["ingest"]);
  const create = useCreateApiKey(projectId);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate({ name: name.trim(), scopes }, { onSuccess: () => setName("") });
  }

  const blocker = createKeyBlocker(name, scopes);
  const toggle = (scope: ApiKeyScope, on: boolean) => setScopes((current) => (on ? [...current, scope] : current.filter((s) => s !== scope)));

  return (
    <div>
      <form onSubmit={submit} className="flex flex-wrap items-end gap-3" aria-label="Create an API key">
        <label className="flex flex-col text-xs font-medium text-slate-600">
          Name
          <input className={`${inputClass} mt-1 w-56`} value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} placeholder="e.g. production app" data-testid="key-name" />
        </label>
        <fieldset className="flex h-9 items-center gap-3">
          <legend className="sr-only">Scopes</legend>
          {SCOPES.map(({ scope, label, hint }) => (
            <label key={scope} className="flex items-center gap-1.5 text-sm" title={hint}>
              <input type="checkbox" checked={scopes.includes(scope)} onChange={(e) => toggle(scope, e.target.checked)} className="accent-indigo-600" data-testid={`key-scope-${scope}`} />
              {label}
              <span className="text-xs text-slate-600">({hint})</span>
            </label>
          ))}
        </fieldset>
        <button type="submit" className={primaryButtonClass} disabled={create.isPending || blocker !== null} aria-describedby={blocker ? "key-create-hint" : undefined} data-testid="key-create">
          {create.isPending ? "Creating…" : "Create key"}
        </button>
        {/* A disabled button says why, in text every user gets (not a hover-only title). */}
        {blocker ? (
          <p id="key-create-hint" className="basis-full text-xs text-slate-600" data-testid="key-create-hint">
            {blocker}
          </p>
        ) : null}
      </form>
      <ErrorNote error={create.error} />
      {create.data ? <NewKeyNotice apiKey={create.data.key} onDone={() => create.reset()} /> : null}
    </div>
  );
}

function NewKeyNotice({ apiKey, onDone }: { apiKey: string; onDone: () => void }) {
  return (
    <div className="mt-3 rounded-md border border-amber-300 bg-amber-50 p-3" role="status">
      <p className="mb-2 text-sm font-medium text-amber-900">Copy this key now: it will not be shown again.</p>
      <CopyField value={apiKey} label="New API key" testId="new-key-value" />
      <div className="mt-2 flex justify-end">
        <button type="button" onClick={onDone} className={quietButtonClass}>
          I have stored it
        </button>
      </div>
    </div>
  );
}

function KeysTable({ projectId, keys }: { projectId: string; keys: ApiKeyRow[] }) {
  const revoke = useRevokeApiKey(projectId);
  function confirmRevoke(key: ApiKeyRow) {
    if (window.confirm(`Revoke the key "${key.name}" (${key.prefix}…)? Anything still sending with it is refused from now on.`)) revoke.mutate(key.id);
  }
  return (
    <>
      <ErrorNote error={revoke.error} />
      {/* Below `sm` only name, key, scopes and Revoke show, so Revoke stays on screen at 390 px. */}
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm">
          <thead className="text-xs text-slate-500">
            <tr>
              <th className="py-1 pr-3 font-medium">Name</th>
              <th className="pr-3 font-medium">Key</th>
              <th className="pr-3 font-medium">Scopes</th>
              <th className="hidden pr-3 font-medium sm:table-cell">Created</th>
              <th className="hidden pr-3 font-medium sm:table-cell">Last used</th>
              <th className="hidden pr-3 font-medium sm:table-cell">Revoked</th>
              <th className="sr-only">Actions</th>
            </tr>
          </thead>
          <tbody>
            {keys.map((key) => (
              <tr key={key.id} className={`border-t border-slate-100 ${key.revokedAt ? "text-slate-500" : ""}`} data-testid="key-row" data-key-id={key.id}>
                <td className="py-1.5 pr-3">{key.name}</td>
                <td className="pr-3 font-mono text-xs">{key.prefix}…</td>
                <td className="pr-3" data-testid="key-scopes">{key.scopes.join(", ")}</td>
                <td className="hidden pr-3 text-xs sm:table-cell">{formatTimestamp(key.createdAt)}</td>
                <td className="hidden pr-3 text-xs sm:table-cell">{formatTimestamp(key.lastUsedAt, "never")}</td>
                <td className="hidden pr-3 text-xs sm:table-cell">{formatTimestamp(key.revokedAt)}</td>
                <td className="text-right">
                  {/* Narrow screens hide the dates: say "revoked" where Revoke would be. */}
                  {key.revokedAt ? (
                    <span className="text-xs sm:hidden">revoked</span>
                  ) : (
                    <button type="button" className={dangerButtonClass} disabled={revoke.isPending && revoke.variables === key.id} onClick={() => confirmRevoke(key)} data-testid="key-revoke">
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
