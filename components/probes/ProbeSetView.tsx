"use client";

import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useMemo, useState, type FormEvent } from "react";
import { errorMessage } from "@/components/data/apiClient";
import { CONTROL_CLASS } from "@/components/responses/ResponseFilters";
import { TokenText } from "@/components/tokens/TokenText";
import type { DriftLabel } from "@/lib/metrics/probeDrift";
import type { MovedPosition } from "@/lib/probes/compareRun";
import type { ProbeRunDto } from "@/lib/probes/probeRuns";
import { ProbeKlChart } from "./ProbeKlChart";
import { useProbeRun, useProbeRuns, useProbeSet, useRunProbeSet, useSetBaseline } from "./probeQueries";

const LABELS: Record<DriftLabel, { text: string; className: string; title: string }> = {
  baseline: { text: "baseline", className: "bg-slate-200 text-slate-800", title: "The run every other run is compared with" },
  modelDrift: { text: "model drift", className: "bg-rose-100 text-rose-800", title: "Mean KL above the threshold: the model answers the fixed prompts differently" },
  dataDrift: { text: "data drift", className: "bg-amber-100 text-amber-900", title: "Probes stable while the model's production traffic shifted (trend shift alerts since the previous run)" },
  stable: { text: "stable", className: "bg-emerald-100 text-emerald-800", title: "Mean KL at or below the threshold, no production shift" },
  notCompared: { text: "not compared", className: "bg-amber-50 text-amber-900", title: "No position could be compared with the baseline (empty outputs or no alternatives): read the outputs" },
  failed: { text: "failed", className: "bg-slate-100 text-slate-700", title: "The provider failed; no figures" },
};

const timeFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short" });
const figure = (value: number | null, digits = 4) => (value === null ? "—" : value.toFixed(digits));

function LabelBadge({ label }: { label: DriftLabel }) {
  const { text, className, title } = LABELS[label];
  return (
    <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${className}`} title={title} data-testid="probe-run-label">
      {text}
    </span>
  );
}

/** One moved position: the baseline's and the run's tokens up to it, coloured like the token view, the position outlined. */
function MovedPositionCard({ moved, prompts, index }: { moved: MovedPosition; prompts: readonly string[]; index: number }) {
  const at = moved.position - moved.windowStart;
  const evidence = useMemo(() => new Map([[at, [`drift probe: KL ${moved.kl.toFixed(3)} nats${moved.firstDivergence ? ", first divergence" : ""}`]]]), [at, moved.kl, moved.firstDivergence]);
  return (
    <li className="space-y-2 px-4 py-3" data-testid="probe-moved-position">
      <p className="text-sm text-slate-700">
        <span className="font-medium">Prompt {moved.promptIndex + 1}</span> ({prompts[moved.promptIndex]?.slice(0, 60) ?? ""}), position {moved.position}
        {moved.repeatIndex > 0 ? `, repeat ${moved.repeatIndex + 1}` : ""}: KL <span className="font-mono">{moved.kl.toFixed(4)}</span> nats, entropy shift{" "}
        <span className="font-mono">{moved.entropyShift >= 0 ? "+" : "−"}{Math.abs(moved.entropyShift).toFixed(3)}</span> bits
        {moved.argmaxChanged ? ", argmax changed" : ""}
        {moved.firstDivergence ? (
          <span className="ml-2 rounded bg-rose-100 px-1.5 py-0.5 text-xs font-medium text-rose-800" data-testid="probe-first-divergence">
            first divergence
          </span>
        ) : null}
      </p>
      <div className="grid gap-2 md:grid-cols-2">
        <div className="min-w-0">
          <p className="text-xs font-medium uppercase tracking-wide text-slate-600">Baseline</p>
          <TokenText tokens={moved.baselineWindow} signal="probability" kind="probe" instanceKey={`${index}-b`} firstIndex={moved.windowStart} evidence={evidence} />
        </div>
        <div className="min-w-0">
          <p className="text-xs font-medium uppercase tracking-wide text-slate-600">This run</p>
          <TokenText tokens={moved.runWindow} signal="probability" kind="probe" instanceKey={`${index}-r`} firstIndex={moved.windowStart} evidence={evidence} />
        </div>
      </div>
    </li>
  );
}

function RunsTable({ runs, selected, onSelect, onBaseline, busy }: { runs: readonly ProbeRunDto[]; selected: number | null; onSelect: (id: number) => void; onBaseline: (id: number) => void; busy: boolean }) {
  return (
    // relative: the header's sr-only label (position absolute) stays inside the scroll box instead of widening the page.
    <div className="relative overflow-x-auto">
      <table className="w-full min-w-[40rem] text-left text-sm" data-testid="probe-runs">
        <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-600">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">Run</th>
            <th scope="col" className="px-3 py-2 font-medium">Model</th>
            <th scope="col" className="px-3 py-2 text-right font-medium">Mean KL</th>
            <th scope="col" className="px-3 py-2 text-right font-medium">Entropy shift</th>
            <th scope="col" className="px-3 py-2 text-right font-medium">Argmax changed</th>
            <th scope="col" className="px-3 py-2 font-medium">Label</th>
            <th scope="col" className="px-3 py-2 font-medium">Alert</th>
            <th scope="col" className="px-3 py-2 font-medium"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {runs.map((run) => (
            <tr key={run.id} className={run.id === selected ? "bg-indigo-50" : undefined} data-testid="probe-run-row">
              <td className="px-3 py-2 whitespace-nowrap">
                <button type="button" className="text-indigo-700 underline-offset-2 hover:underline" onClick={() => onSelect(run.id)} aria-pressed={run.id === selected}>
                  #{run.id} · {timeFormat.format(Date.parse(run.startedAt))}
                </button>
              </td>
              <td className="px-3 py-2 break-all">{run.model}</td>
              <td className="px-3 py-2 text-right font-mono" data-testid="probe-run-kl">{figure(run.meanKl)}</td>
              <td className="px-3 py-2 text-right font-mono">{run.meanEntropyShift === null ? "—" : `${run.meanEntropyShift >= 0 ? "+" : "−"}${Math.abs(run.meanEntropyShift).toFixed(3)}`}</td>
              <td className="px-3 py-2 text-right font-mono">{run.argmaxChangedShare === null ? "—" : `${(run.argmaxChangedShare * 100).toFixed(1)}%`}</td>
              <td className="px-3 py-2"><LabelBadge label={run.label} />{run.error ? <span className="ml-2 text-xs text-slate-600">{run.error}</span> : null}</td>
              <td className="px-3 py-2" data-testid="probe-run-alert">{run.alertRaised ? <span className="font-medium text-rose-700">model drift alert</span> : "—"}</td>
              <td className="px-3 py-2 text-right">
                {!run.isBaseline && run.status === "completed" ? (
                  <button type="button" disabled={busy} onClick={() => onBaseline(run.id)} className="rounded border border-slate-300 px-2 py-0.5 text-xs text-slate-800 hover:bg-slate-100 disabled:text-slate-500">
                    Make baseline
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** /probes/{id}: the set, "run now", the per-prompt KL chart, the runs and the positions that moved most in the chosen run. */
export function ProbeSetView({ id }: { id: string }) {
  const project = useSearchParams().get("project") ?? undefined;
  const set = useProbeSet(id, project);
  const runs = useProbeRuns(id, project);
  const runNow = useRunProbeSet(id, project);
  const baseline = useSetBaseline(id, project);
  const [chosen, setChosen] = useState<number | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const latestCompared = runs.data?.find((run) => run.status === "completed" && !run.isBaseline)?.id ?? null;
  const selected = chosen ?? latestCompared;
  const detail = useProbeRun(id, selected, project);

  if (set.isPending) return <p className="text-sm text-slate-600">Loading probe set…</p>;
  if (set.error) return <p className="text-sm text-rose-700" role="alert">{errorMessage(set.error)}</p>;
  const probeSet = set.data;

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const model = String(new FormData(event.currentTarget).get("model") ?? "").trim();
    setMessage(null);
    try {
      const run = await runNow.mutateAsync(model || undefined);
      setChosen(run.isBaseline ? null : run.id);
      setMessage(run.isBaseline ? `Run #${run.id} is the baseline.` : `Run #${run.id}: mean KL ${figure(run.meanKl)} nats${run.alertRaised ? " — model drift alert raised" : ""}.`);
    } catch (error) {
      setMessage(errorMessage(error));
    }
  };
  const makeBaseline = async (runId: number) => {
    setMessage(null);
    try {
      await baseline.mutateAsync(runId);
      setChosen(null);
      setMessage(`Run #${runId} is now the baseline; the other runs were compared with it again.`);
    } catch (error) {
      setMessage(errorMessage(error));
    }
  };

  return (
    <div className="space-y-4">
      <div>
        <p className="text-sm">
          <Link href={project ? `/probes?project=${encodeURIComponent(project)}` : "/probes"} className="text-indigo-700 underline-offset-2 hover:underline">
            Drift probes
          </Link>
        </p>
        <h1 className="text-xl font-semibold tracking-tight break-words" data-testid="probe-set-name">{probeSet.name}</h1>
        <p className="mt-1 text-sm break-words text-slate-600">
          {probeSet.providerId} · {probeSet.model} · temperature {probeSet.temperature} · top_logprobs {probeSet.topLogprobs} · {probeSet.maxTokens} tokens · {probeSet.runsPerPrompt} run
          {probeSet.runsPerPrompt === 1 ? "" : "s"} per prompt · {probeSet.intervalMinutes === null ? "manual" : `every ${probeSet.intervalMinutes} min`} · KL threshold {probeSet.klThreshold} nats
        </p>
      </div>

      <form className="card flex flex-wrap items-end gap-3 p-3" onSubmit={(event) => void submit(event)} aria-label="Run the probe set">
        <div className="flex min-w-0 flex-col gap-1 text-sm">
          <label htmlFor="probe-run-model" className="font-medium text-slate-700">
            Model (empty: {probeSet.model})
          </label>
          <input id="probe-run-model" name="model" className={CONTROL_CLASS} placeholder={probeSet.model} />
        </div>
        <button type="submit" disabled={runNow.isPending} className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700 disabled:bg-slate-400" data-testid="probe-run-now">
          {runNow.isPending ? "Running…" : "Run now"}
        </button>
        <p role="status" className="text-sm text-slate-700" data-testid="probe-run-message">
          {message}
        </p>
      </form>

      <section className="card p-4" aria-labelledby="probe-kl-heading">
        <h2 id="probe-kl-heading" className="text-sm font-semibold text-slate-800">Mean KL per prompt over time</h2>
        <p className="mb-2 text-xs text-slate-600">KL(baseline ‖ run) of the renormalized top-k, nats, averaged over the positions compared (up to the first divergence). Dashed: the alert threshold.</p>
        {runs.data ? <ProbeKlChart runs={runs.data} prompts={probeSet.prompts} threshold={probeSet.klThreshold} /> : <p className="text-sm text-slate-600">Loading runs…</p>}
      </section>

      <section className="card" aria-labelledby="probe-runs-heading">
        <h2 id="probe-runs-heading" className="border-b border-slate-100 px-4 py-2 text-sm font-semibold text-slate-800">Runs</h2>
        {runs.error ? <p className="p-4 text-sm text-rose-700">{errorMessage(runs.error)}</p> : null}
        {runs.data && runs.data.length === 0 ? <p className="p-4 text-sm text-slate-600">No runs yet.</p> : null}
        {runs.data && runs.data.length > 0 ? <RunsTable runs={runs.data} selected={selected} onSelect={setChosen} onBaseline={(runId) => void makeBaseline(runId)} busy={baseline.isPending} /> : null}
      </section>

      <section className="card" aria-labelledby="probe-moved-heading">
        <h2 id="probe-moved-heading" className="border-b border-slate-100 px-4 py-2 text-sm font-semibold text-slate-800">
          Positions that moved most{selected !== null ? ` in run #${selected}` : ""}
        </h2>
        {selected === null ? (
          <p className="p-4 text-sm text-slate-600">Run the set again to compare it with its baseline.</p>
        ) : detail.isPending ? (
          <p className="p-4 text-sm text-slate-600">Loading run…</p>
        ) : detail.error ? (
          <p className="p-4 text-sm text-rose-700">{errorMessage(detail.error)}</p>
        ) : detail.data.movedPositions.length === 0 ? (
          <p className="p-4 text-sm text-slate-600" data-testid="probe-moved-none">
            {detail.data.isBaseline ? "This run is the baseline." : "Nothing moved: every compared position has the baseline's distribution."}
          </p>
        ) : (
          <ol className="divide-y divide-slate-100">
            {detail.data.movedPositions.map((moved, index) => (
              <MovedPositionCard key={`${moved.promptIndex}-${moved.repeatIndex}-${moved.position}`} moved={moved} prompts={probeSet.prompts} index={index} />
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
