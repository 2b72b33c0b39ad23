"use client";

import { useState, type FormEvent } from "react";
import { PROVIDER_PRESETS, type ProviderLimits, type ProviderPreset } from "@/lib/providers/limits";
import type { ProviderInfo } from "@/lib/providers/registry";
import { dangerButtonClass, ErrorNote, inputClass, primaryButtonClass, QueryState, quietButtonClass, SettingsCard } from "./controls";
import { useDeleteProvider, useProviders, useSaveProvider, useTestProvider, type ProviderForm } from "./providerQueries";

const SOURCE_LABEL: Record<ProviderInfo["source"], string> = { builtin: "built in", env: "LOUPE_PROVIDERS", settings: "Settings" };

/** "Providers" (instance admins): every provider with its limits and where it comes from; Settings ones editable. Keys are write-only. */
export function ProvidersSection() {
  const providers = useProviders();
  const [editing, setEditing] = useState<ProviderInfo | "new" | null>(null);
  return (
    <SettingsCard
      title="Providers"
      testId="providers"
      subtitle="OpenAI-compatible servers the playground and the logging proxy call. A key entered here is stored encrypted and never shown again; providers from LOUPE_PROVIDERS and the built-in local model are read-only."
    >
      <QueryState isPending={providers.isPending} error={providers.error}>
        {providers.data && providers.data.length > 0 ? (
          <ProvidersTable providers={providers.data} onEdit={(provider) => setEditing(provider)} />
        ) : (
          <p className="text-sm text-slate-500" data-testid="providers-empty">
            No providers yet. Add one below, set LOUPE_PROVIDERS, or point LOUPE_LOCAL_MODEL at a .gguf file.
          </p>
        )}
      </QueryState>
      <div className="mt-4">
        {editing === null ? (
          <button type="button" className={primaryButtonClass} onClick={() => setEditing("new")} data-testid="provider-add">
            Add provider
          </button>
        ) : (
          <ProviderEditor key={editing === "new" ? "new" : editing.id} provider={editing === "new" ? null : editing} onDone={() => setEditing(null)} />
        )}
      </div>
    </SettingsCard>
  );
}

function limitsText(limits: ProviderLimits): string {
  return [`top_logprobs ≤ ${limits.maxTopLogprobs}`, limits.promptLogprobs ? "prompt logprobs" : "no prompt logprobs", limits.completions ? "/completions" : "chat only"].join(" · ");
}

function ProvidersTable({ providers, onEdit }: { providers: ProviderInfo[]; onEdit: (provider: ProviderInfo) => void }) {
  const test = useTestProvider();
  const remove = useDeleteProvider();
  const confirmDelete = (provider: ProviderInfo) => {
    if (window.confirm(`Delete provider ${provider.id}? The playground and the proxy can no longer call it.`)) remove.mutate(provider.id);
  };
  return (
    <>
      <ErrorNote error={remove.error ?? test.error} />
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm">
          <thead className="text-xs text-slate-500">
            <tr>
              <th className="py-1 pr-3 font-medium">Provider</th>
              <th className="pr-3 font-medium">Base URL</th>
              <th className="hidden pr-3 font-medium md:table-cell">Models</th>
              <th className="hidden pr-3 font-medium md:table-cell">Limits</th>
              <th className="pr-3 font-medium">From</th>
              <th className="pr-3 font-medium">Key</th>
              <th className="sr-only">Actions</th>
            </tr>
          </thead>
          <tbody>
            {providers.map((provider) => (
              <tr key={provider.id} className="border-t border-slate-100 align-top" data-testid="provider-row" data-provider-id={provider.id}>
                <td className="py-1.5 pr-3">
                  <span className="font-mono text-xs">{provider.id}</span>
                  {provider.label !== provider.id ? <span className="block text-xs text-slate-500">{provider.label}</span> : null}
                  <span className="block text-xs text-slate-500">{provider.preset}</span>
                </td>
                <td className="break-all pr-3 font-mono text-xs">{provider.baseURL ?? "in-process"}</td>
                <td className="hidden pr-3 text-xs md:table-cell">{provider.models.length > 0 ? provider.models.join(", ") : "—"}</td>
                <td className="hidden pr-3 text-xs md:table-cell" data-testid="provider-limits">
                  {limitsText(provider.limits)}
                </td>
                <td className="pr-3 text-xs" data-testid="provider-source">
                  {SOURCE_LABEL[provider.source]}
                </td>
                <td className="pr-3 text-xs" data-testid="provider-key">
                  {provider.kind === "local" ? "not needed" : provider.keySet ? "set" : "none"}
                </td>
                <td className="whitespace-nowrap text-right">
                  <button type="button" className={quietButtonClass} disabled={test.isPending && test.variables === provider.id} onClick={() => test.mutate(provider.id)} data-testid="provider-test">
                    {test.isPending && test.variables === provider.id ? "Testing…" : "Test"}
                  </button>{" "}
                  {provider.source === "settings" ? (
                    <>
                      <button type="button" className={quietButtonClass} onClick={() => onEdit(provider)} data-testid="provider-edit">
                        Edit
                      </button>{" "}
                      <button type="button" className={dangerButtonClass} onClick={() => confirmDelete(provider)} data-testid="provider-delete">
                        Delete
                      </button>
                    </>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {test.data && test.variables ? (
        <p role="status" className={`mt-2 text-sm ${test.data.ok ? "text-emerald-800" : "text-red-700"}`} data-testid="provider-test-result">
          {test.data.ok
            ? `${test.variables}: connected in ${test.data.latencyMs} ms; ${test.data.models.length} model${test.data.models.length === 1 ? "" : "s"}${test.data.models.length ? ` (${test.data.models.slice(0, 8).join(", ")})` : ""}.`
            : `${test.variables}: ${test.data.message}`}
        </p>
      ) : null}
    </>
  );
}

type Tristate = "preset" | "yes" | "no";
const tristate = (value: boolean | undefined): Tristate => (value === undefined ? "preset" : value ? "yes" : "no");
const fromTristate = (value: Tristate): boolean | undefined => (value === "preset" ? undefined : value === "yes");

/** Add or edit a Settings provider. The key field is write-only: blank keeps the stored key. */
function ProviderEditor({ provider, onDone }: { provider: ProviderInfo | null; onDone: () => void }) {
  const save = useSaveProvider(provider?.id ?? null);
  const [id, setId] = useState(provider?.id ?? "");
  const [label, setLabel] = useState(provider?.label ?? "");
  const [preset, setPreset] = useState<ProviderPreset | "auto">(provider && provider.preset !== "local" ? provider.preset : "auto");
  const [baseURL, setBaseURL] = useState(provider?.baseURL ?? "");
  const [apiKey, setApiKey] = useState("");
  const [removeKey, setRemoveKey] = useState(false);
  const [models, setModels] = useState(provider?.models.join(", ") ?? "");
  const [maxTop, setMaxTop] = useState("");
  const [promptLogprobs, setPromptLogprobs] = useState<Tristate>(tristate(undefined));
  const [completions, setCompletions] = useState<Tristate>(tristate(undefined));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const limits: Partial<ProviderLimits> = {};
    if (maxTop.trim() !== "") limits.maxTopLogprobs = Number(maxTop);
    const prompt = fromTristate(promptLogprobs);
    if (prompt !== undefined) limits.promptLogprobs = prompt;
    const legacy = fromTristate(completions);
    if (legacy !== undefined) limits.completions = legacy;
    const form: ProviderForm = {
      ...(provider ? {} : { id: id.trim() }),
      ...(label.trim() ? { label: label.trim() } : {}),
      ...(preset === "auto" ? {} : { preset }),
      baseURL: baseURL.trim(),
      models: models.split(",").map((m) => m.trim()).filter(Boolean),
      limits,
      ...(removeKey ? { apiKey: null } : apiKey.trim() ? { apiKey: apiKey.trim() } : {}),
    };
    save.mutate(form, { onSuccess: onDone });
  }

  const field = "flex flex-col text-xs font-medium text-slate-600";
  return (
    <form onSubmit={submit} className="space-y-3 rounded-md border border-slate-200 p-3" aria-label={provider ? `Edit provider ${provider.id}` : "Add a provider"} data-testid="provider-form">
      <div className="flex flex-wrap gap-3">
        <label className={field}>
          Id
          <input className={`${inputClass} mt-1 w-40`} value={id} onChange={(e) => setId(e.target.value)} disabled={provider !== null} required pattern="[a-z0-9][a-z0-9_\-]{0,62}" placeholder="e.g. openai" data-testid="provider-id" />
        </label>
        <label className={field}>
          Label
          <input className={`${inputClass} mt-1 w-48`} value={label} onChange={(e) => setLabel(e.target.value)} maxLength={100} placeholder="optional" />
        </label>
        <label className={field}>
          Kind
          <select className={`${inputClass} mt-1`} value={preset} onChange={(e) => setPreset(e.target.value as ProviderPreset | "auto")} data-testid="provider-preset">
            <option value="auto">from the URL</option>
            {PROVIDER_PRESETS.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <label className={field}>
        Base URL
        <input className={`${inputClass} mt-1 w-full max-w-xl`} value={baseURL} onChange={(e) => setBaseURL(e.target.value)} required placeholder="https://api.openai.com/v1" data-testid="provider-base-url" />
      </label>
      <div className="flex flex-wrap items-end gap-3">
        <label className={field}>
          API key
          <input
            type="password"
            autoComplete="off"
            className={`${inputClass} mt-1 w-72`}
            value={apiKey}
            onChange={(e) => setApiKey(e.target.value)}
            disabled={removeKey}
            placeholder={provider?.keySet ? "set: leave blank to keep it" : "optional"}
            data-testid="provider-api-key"
          />
        </label>
        {provider?.keySet ? (
          <label className="flex h-9 items-center gap-1.5 text-sm">
            <input type="checkbox" className="accent-indigo-600" checked={removeKey} onChange={(e) => setRemoveKey(e.target.checked)} />
            remove the stored key
          </label>
        ) : null}
      </div>
      <label className={field}>
        Models (comma-separated)
        <input className={`${inputClass} mt-1 w-full max-w-xl`} value={models} onChange={(e) => setModels(e.target.value)} placeholder="gpt-4o-mini, gpt-4.1" data-testid="provider-models" />
      </label>
      <fieldset className="flex flex-wrap gap-3">
        <legend className="mb-1 text-xs font-medium text-slate-600">Limits (blank: the kind&apos;s documented limits)</legend>
        <label className={field}>
          max top_logprobs
          <input type="number" min={0} max={100} className={`${inputClass} mt-1 w-28`} value={maxTop} onChange={(e) => setMaxTop(e.target.value)} placeholder={provider ? String(provider.limits.maxTopLogprobs) : ""} />
        </label>
        <TristateSelect label="prompt logprobs" value={promptLogprobs} onChange={setPromptLogprobs} />
        <TristateSelect label="/completions" value={completions} onChange={setCompletions} />
      </fieldset>
      <div className="flex gap-2">
        <button type="submit" className={primaryButtonClass} disabled={save.isPending} data-testid="provider-save">
          {save.isPending ? "Saving…" : provider ? "Save" : "Add provider"}
        </button>
        <button type="button" className={`${quietButtonClass} h-9 px-3`} onClick={onDone}>
          Cancel
        </button>
      </div>
      <ErrorNote error={save.error} />
    </form>
  );
}

function TristateSelect({ label, value, onChange }: { label: string; value: Tristate; onChange: (value: Tristate) => void }) {
  return (
    <label className="flex flex-col text-xs font-medium text-slate-600">
      {label}
      <select className={`${inputClass} mt-1`} value={value} onChange={(e) => onChange(e.target.value as Tristate)}>
        <option value="preset">as documented</option>
        <option value="yes">yes</option>
        <option value="no">no</option>
      </select>
    </label>
  );
}
