"use client";

import { inputClass } from "@/components/settings/controls";
import type { PlaygroundProvider } from "@/lib/playground/providers";
import type { PlaygroundPrompt, SamplingSettings } from "@/lib/playground/runRequest";

export interface PromptDraft {
  mode: "chat" | "completion";
  system: string;
  user: string;
  prompt: string;
  provider: string;
  model: string;
  temperature: string;
  topP: string;
  maxTokens: string;
  topLogprobs: string;
  seed: string;
}

export function initialDraft(providers: readonly PlaygroundProvider[]): PromptDraft {
  const first = providers[0];
  return {
    mode: first?.limits.completions === false ? "chat" : "completion",
    system: "",
    user: "",
    prompt: "",
    provider: first?.id ?? "",
    model: first?.models[0] ?? "",
    temperature: "0.8",
    topP: "1",
    maxTokens: "48",
    topLogprobs: String(Math.min(5, first?.limits.maxTopLogprobs ?? 5)),
    seed: "",
  };
}

/** The draft as the API's prompt and settings; the first problem in words when it is not valid. */
export function readDraft(draft: PromptDraft): { prompt: PlaygroundPrompt; settings: SamplingSettings } | { problem: string } {
  const number = (value: string) => (value.trim() === "" ? NaN : Number(value));
  const settings: SamplingSettings = {
    provider: draft.provider,
    model: draft.model,
    temperature: number(draft.temperature),
    topP: number(draft.topP),
    maxTokens: number(draft.maxTokens),
    topLogprobs: number(draft.topLogprobs),
    ...(draft.seed.trim() === "" ? {} : { seed: number(draft.seed) }),
  };
  if (!settings.provider || !settings.model) return { problem: "choose a provider and a model" };
  if (!(settings.temperature >= 0 && settings.temperature <= 2)) return { problem: "temperature must be between 0 and 2" };
  if (!(settings.topP > 0 && settings.topP <= 1)) return { problem: "top_p must be above 0 and at most 1" };
  if (!Number.isInteger(settings.maxTokens) || settings.maxTokens < 1 || settings.maxTokens > 4096) return { problem: "max tokens must be a whole number from 1 to 4096" };
  if (!Number.isInteger(settings.topLogprobs) || settings.topLogprobs < 0 || settings.topLogprobs > 20) return { problem: "top_logprobs must be a whole number from 0 to 20" };
  if (settings.seed !== undefined && !(Number.isInteger(settings.seed) && settings.seed >= 0)) return { problem: "seed must be a whole number ≥ 0" };
  if (draft.mode === "completion") {
    if (draft.prompt === "") return { problem: "write a prompt" };
    return { prompt: { mode: "completion", prompt: draft.prompt }, settings };
  }
  if (draft.user.trim() === "") return { problem: "write a user message" };
  const messages = [...(draft.system.trim() ? [{ role: "system" as const, content: draft.system }] : []), { role: "user" as const, content: draft.user }];
  return { prompt: { mode: "chat", messages }, settings };
}

interface PromptFormProps {
  draft: PromptDraft;
  providers: readonly PlaygroundProvider[];
  onChange: (draft: PromptDraft) => void;
}

const labelClass = "flex flex-col gap-1 text-xs font-medium text-slate-600";

/** Chat (system + user) or raw completion prompt, and the sampling settings. */
export function PromptForm({ draft, providers, onChange }: PromptFormProps) {
  const set = (patch: Partial<PromptDraft>) => onChange({ ...draft, ...patch });
  const provider = providers.find((p) => p.id === draft.provider);
  return (
    <div className="space-y-3">
      <fieldset className="flex flex-wrap gap-4 text-sm">
        <legend className="sr-only">Prompt kind</legend>
        {(["completion", "chat"] as const).map((mode) => (
          <label key={mode} className="flex items-center gap-1.5">
            <input type="radio" name="mode" value={mode} checked={draft.mode === mode} disabled={mode === "completion" && provider?.limits.completions === false} onChange={() => set({ mode })} />
            {mode === "chat" ? "Chat (system + user)" : "Raw completion"}
          </label>
        ))}
      </fieldset>
      {draft.mode === "chat" ? (
        <>
          <label className={labelClass}>
            System message
            <textarea data-testid="system-input" className={`${inputClass} h-16 w-full py-2`} value={draft.system} onChange={(e) => set({ system: e.target.value })} />
          </label>
          <label className={labelClass}>
            User message
            <textarea data-testid="user-input" className={`${inputClass} h-24 w-full py-2`} value={draft.user} onChange={(e) => set({ user: e.target.value })} />
          </label>
        </>
      ) : (
        <label className={labelClass}>
          Prompt
          <textarea data-testid="prompt-input" className={`${inputClass} h-28 w-full py-2 font-mono`} value={draft.prompt} onChange={(e) => set({ prompt: e.target.value })} />
        </label>
      )}
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        <label className={labelClass}>
          Provider
          <select className={inputClass} value={draft.provider} onChange={(e) => {
            const next = providers.find((p) => p.id === e.target.value);
            set({ provider: e.target.value, model: next?.models[0] ?? "", ...(next?.limits.completions === false ? { mode: "chat" as const } : {}) });
          }}>
            {providers.map((p) => (
              <option key={p.id} value={p.id}>{p.label}</option>
            ))}
          </select>
        </label>
        <label className={labelClass}>
          Model
          {provider && provider.models.length > 0 ? (
            <select className={inputClass} value={draft.model} onChange={(e) => set({ model: e.target.value })}>
              {provider.models.map((model) => (
                <option key={model} value={model}>{model}</option>
              ))}
            </select>
          ) : (
            <input className={inputClass} value={draft.model} onChange={(e) => set({ model: e.target.value })} placeholder="model name" />
          )}
        </label>
        <NumberField label="Temperature" value={draft.temperature} step="0.1" min="0" max="2" onChange={(temperature) => set({ temperature })} />
        <NumberField label="top_p" value={draft.topP} step="0.05" min="0" max="1" onChange={(topP) => set({ topP })} />
        <NumberField label="Max tokens" value={draft.maxTokens} step="1" min="1" max="4096" onChange={(maxTokens) => set({ maxTokens })} />
        <NumberField label="top_logprobs" value={draft.topLogprobs} step="1" min="0" max={String(provider?.limits.maxTopLogprobs ?? 20)} onChange={(topLogprobs) => set({ topLogprobs })} />
        <NumberField label="Seed (optional)" value={draft.seed} step="1" min="0" onChange={(seed) => set({ seed })} />
      </div>
    </div>
  );
}

function NumberField({ label, value, onChange, ...limits }: { label: string; value: string; onChange: (value: string) => void; step: string; min: string; max?: string }) {
  return (
    <label className={labelClass}>
      {label}
      <input type="number" inputMode="decimal" className={`${inputClass} w-full min-w-0`} value={value} onChange={(e) => onChange(e.target.value)} {...limits} />
    </label>
  );
}
