"use client";

import { useState, type FormEvent } from "react";
import { ErrorNote, inputClass, primaryButtonClass, QueryState, SettingsCard } from "./controls";
import { useProxySettings, useSaveProxySettings } from "./providerQueries";

/** A project's logging-proxy setting: how many alternatives per token to ask for when the caller did not ask (README, "Logging proxy"). */
export function ProxySettingsCard({ projectId, canEdit }: { projectId: string; canEdit: boolean }) {
  const settings = useProxySettings(projectId);
  // Here, not in the form: the form remounts when the saved value comes back, the outcome must stay.
  const save = useSaveProxySettings(projectId);
  return (
    <SettingsCard
      title="Logging proxy"
      testId="proxy-settings"
      subtitle={
        <>
          Apps send their OpenAI SDK calls through <code className="font-mono">/api/v1/proxy/&lt;provider&gt;</code> with this project&apos;s key. When a call does not ask for logprobs,
          the proxy asks for them (this many alternatives per token) and removes them from the answer again.
        </>
      }
    >
      <QueryState isPending={settings.isPending} error={settings.error}>
        {settings.data ? <TopLogprobsForm key={settings.data.topLogprobs} value={settings.data.topLogprobs} canEdit={canEdit} save={save} /> : null}
      </QueryState>
      {save.isSuccess ? (
        <p role="status" className="mt-2 text-sm text-emerald-800">
          Saved.
        </p>
      ) : null}
      <ErrorNote error={save.error} />
    </SettingsCard>
  );
}

function TopLogprobsForm({ value, canEdit, save }: { value: number; canEdit: boolean; save: ReturnType<typeof useSaveProxySettings> }) {
  const [draft, setDraft] = useState(String(value));
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    save.mutate({ topLogprobs: Number(draft) });
  }
  return (
    <form onSubmit={submit} className="flex flex-wrap items-end gap-3" aria-label="Proxy top_logprobs">
      <label className="flex flex-col text-xs font-medium text-slate-600">
        top_logprobs (0–20)
        <input type="number" min={0} max={20} required className={`${inputClass} mt-1 w-28`} value={draft} onChange={(e) => setDraft(e.target.value)} disabled={!canEdit} data-testid="proxy-top-logprobs" />
      </label>
      {canEdit ? (
        <button type="submit" className={primaryButtonClass} disabled={save.isPending || draft === String(value)} data-testid="proxy-save">
          {save.isPending ? "Saving…" : "Save"}
        </button>
      ) : null}
    </form>
  );
}
