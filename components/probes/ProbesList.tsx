"use client";

import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useState, type FormEvent, type ReactNode } from "react";
import { errorMessage } from "@/components/data/apiClient";
import { CONTROL_CLASS } from "@/components/responses/ResponseFilters";
import { useCreateProbeSet, useProbeProviders, useProbeSets } from "./probeQueries";

export function probeSetHref(id: string, project: string | undefined): string {
  return project ? `/probes/${id}?project=${encodeURIComponent(project)}` : `/probes/${id}`;
}

function Field({ label, htmlFor, hint, children }: { label: string; htmlFor: string; hint?: string; children: ReactNode }) {
  return (
    <div className="flex min-w-0 flex-col gap-1 text-sm">
      <label htmlFor={htmlFor} className="font-medium text-slate-700">
        {label}
      </label>
      {children}
      {hint ? <span className="text-xs text-slate-600">{hint}</span> : null}
    </div>
  );
}

/** The create form: fixed prompts (one per line), provider and model, parameters, schedule, threshold. */
function CreateProbeSetForm({ project }: { project: string | undefined }) {
  const providers = useProbeProviders(project);
  const create = useCreateProbeSet(project);
  const [providerId, setProviderId] = useState("");
  const [message, setMessage] = useState<string | null>(null);
  const list = providers.data ?? [];
  const provider = list.find((entry) => entry.id === providerId) ?? list[0];

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const text = (name: string) => String(data.get(name) ?? "").trim();
    const interval = text("intervalMinutes");
    setMessage(null);
    try {
      const created = await create.mutateAsync({
        name: text("name"),
        providerId: provider?.id ?? "",
        model: text("model"),
        prompts: text("prompts").split("\n").map((line) => line.trim()).filter(Boolean),
        maxTokens: Number(text("maxTokens")),
        temperature: Number(text("temperature")),
        runsPerPrompt: Number(text("runsPerPrompt")),
        intervalMinutes: interval === "" ? null : Number(interval),
        klThreshold: Number(text("klThreshold")),
      });
      setMessage(`Created “${created.name}”.`);
      form.reset();
    } catch (error) {
      setMessage(errorMessage(error));
    }
  };

  return (
    <form className="card grid gap-3 p-4 sm:grid-cols-2" onSubmit={(event) => void submit(event)} aria-labelledby="probe-create-heading" data-testid="probe-create-form">
      <h2 id="probe-create-heading" className="text-sm font-semibold text-slate-800 sm:col-span-2">
        New probe set
      </h2>
      <Field label="Name" htmlFor="probe-name">
        <input id="probe-name" name="name" required maxLength={200} className={CONTROL_CLASS} />
      </Field>
      <Field label="Provider" htmlFor="probe-provider" hint={provider ? `top_logprobs asked: ${provider.maxTopLogprobs} (the provider's highest)` : undefined}>
        <select id="probe-provider" className={CONTROL_CLASS} value={provider?.id ?? ""} onChange={(event) => setProviderId(event.target.value)} disabled={list.length === 0}>
          {list.length === 0 ? <option value="">No provider configured</option> : null}
          {list.map((entry) => (
            <option key={entry.id} value={entry.id}>
              {entry.label}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Model" htmlFor="probe-model">
        <input id="probe-model" name="model" required list="probe-models" defaultValue={provider?.models[0] ?? ""} key={provider?.id ?? "none"} className={CONTROL_CLASS} />
        <datalist id="probe-models">
          {(provider?.models ?? []).map((model) => (
            <option key={model} value={model} />
          ))}
        </datalist>
      </Field>
      <Field label="Max tokens per answer" htmlFor="probe-max-tokens">
        <input id="probe-max-tokens" name="maxTokens" type="number" min={1} max={512} defaultValue={32} required className={CONTROL_CLASS} />
      </Field>
      <div className="sm:col-span-2">
        <Field label="Prompts (one per line)" htmlFor="probe-prompts">
          <textarea id="probe-prompts" name="prompts" required rows={3} className={`${CONTROL_CLASS} w-full font-mono`} />
        </Field>
      </div>
      <Field label="Temperature" htmlFor="probe-temperature" hint="0 (greedy) compares exactly; identical reruns score 0.">
        <input id="probe-temperature" name="temperature" type="number" min={0} max={2} step={0.1} defaultValue={0} required className={CONTROL_CLASS} />
      </Field>
      <Field label="Runs per prompt" htmlFor="probe-runs">
        <input id="probe-runs" name="runsPerPrompt" type="number" min={1} max={10} defaultValue={1} required className={CONTROL_CLASS} />
      </Field>
      <Field label="Every (minutes)" htmlFor="probe-interval" hint="Empty: only when run by hand or by npm run probes.">
        <input id="probe-interval" name="intervalMinutes" type="number" min={5} max={10080} className={CONTROL_CLASS} />
      </Field>
      <Field label="KL threshold (nats)" htmlFor="probe-threshold" hint="A run whose mean KL is above it raises a model drift alert.">
        <input id="probe-threshold" name="klThreshold" type="number" min={0.001} step="any" defaultValue={0.1} required className={CONTROL_CLASS} />
      </Field>
      <div className="flex flex-wrap items-center gap-3 sm:col-span-2">
        <button type="submit" disabled={create.isPending || !provider} className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700 disabled:bg-slate-400" data-testid="probe-create">
          {create.isPending ? "Creating…" : "Create probe set"}
        </button>
        <p role="status" className="text-sm text-slate-700" data-testid="probe-create-message">
          {message}
        </p>
      </div>
    </form>
  );
}

/** /probes: the project's probe sets and the form to add one. */
export function ProbesList() {
  const project = useSearchParams().get("project") ?? undefined;
  const sets = useProbeSets(project);
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">Drift probes</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">
          Fixed prompts asked again and again; each run&apos;s top-k distributions are compared with the baseline run&apos;s, position by position (KL divergence). A model that
          answers the same prompts differently has drifted, whatever the traffic does.
        </p>
      </div>
      <section className="card" aria-labelledby="probe-sets-heading">
        <h2 id="probe-sets-heading" className="border-b border-slate-100 px-4 py-2 text-sm font-semibold text-slate-800">
          Probe sets
        </h2>
        {sets.isPending ? (
          <p className="p-4 text-sm text-slate-600">Loading probe sets…</p>
        ) : sets.error ? (
          <p className="p-4 text-sm text-rose-700">{errorMessage(sets.error)}</p>
        ) : sets.data.length === 0 ? (
          <p className="p-4 text-sm text-slate-600" data-testid="probe-sets-empty">
            No probe sets yet: create one below.
          </p>
        ) : (
          <ul className="divide-y divide-slate-100" data-testid="probe-sets">
            {sets.data.map((set) => (
              <li key={set.id} className="flex flex-wrap items-baseline gap-x-4 gap-y-1 px-4 py-2 text-sm">
                <Link href={probeSetHref(set.id, project)} className="font-medium text-indigo-700 underline-offset-2 hover:underline" data-testid="probe-set-link">
                  {set.name}
                </Link>
                <span className="break-all text-slate-600">
                  {set.providerId} · {set.model}
                </span>
                <span className="text-slate-600">
                  {set.prompts.length} prompt{set.prompts.length === 1 ? "" : "s"} · {set.intervalMinutes === null ? "manual" : `every ${set.intervalMinutes} min`} · KL threshold {set.klThreshold}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <CreateProbeSetForm project={project} />
    </div>
  );
}
