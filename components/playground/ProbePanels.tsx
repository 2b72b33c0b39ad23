"use client";

import { useEffect, useRef, useState } from "react";
import { errorMessage, sendJson } from "@/components/data/apiClient";
import { inputClass, quietButtonClass } from "@/components/settings/controls";
import type { TokenSignal } from "@/components/tokens/confidenceScale";
import { formatLogprob, formatNumber, formatProbability } from "@/components/tokens/formatSignal";
import { TokenText } from "@/components/tokens/TokenText";
import type { LabelProbability } from "@/lib/metrics/labelProbabilities";
import type { SampleCluster } from "@/lib/metrics/sampleConsistency";
import type { AttributionEntry } from "@/lib/playground/attribution";
import type { AttributionEvent, SampleResult } from "@/lib/playground/probes";
import type { PlaygroundPrompt, SamplingSettings } from "@/lib/playground/runRequest";
import type { TokenDto } from "@/lib/queries/responseDto";
import { playgroundPath, postNdjson } from "./ndjson";
import type { SaveResult } from "./usePlaygroundRuns";

type Request = () => { prompt: PlaygroundPrompt; settings: SamplingSettings } | { problem: string };

/** Label scorer: P(label) renormalized over the labels from one token's top-k. */
export function LabelScorer({ project, request }: { project: string | undefined; request: Request }) {
  const [labels, setLabels] = useState("");
  const [result, setResult] = useState<{ labels: LabelProbability[]; topK: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const score = async () => {
    const read = request();
    const list = labels.split(",").map((label) => label.trim()).filter(Boolean);
    setError(null);
    if ("problem" in read) return setError(read.problem);
    if (list.length < 2) return setError("give at least two labels, separated by commas");
    setBusy(true);
    try {
      setResult(await sendJson("POST", playgroundPath("labels", project), { ...read.settings, ...read.prompt, labels: list }));
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-end gap-2">
        <label className="flex min-w-0 flex-1 flex-col gap-1 text-xs font-medium text-slate-600">
          Labels (comma-separated)
          <input data-testid="labels-input" className={`${inputClass} w-full`} value={labels} onChange={(e) => setLabels(e.target.value)} placeholder="positive, negative, neutral" />
        </label>
        <button type="button" className={quietButtonClass} disabled={busy} onClick={() => void score()} data-testid="score-labels">{busy ? "Scoring…" : "Score labels"}</button>
      </div>
      {error ? <p role="alert" className="text-sm text-red-700">{error}</p> : null}
      {result ? (
        <table className="w-full text-sm" data-testid="label-results">
          <caption className="text-left text-xs text-slate-500">Next token&apos;s top {result.topK}, renormalized over the labels only</caption>
          <thead>
            <tr className="text-left text-xs text-slate-500"><th scope="col">Label</th><th scope="col" className="text-right">P (labels only)</th><th scope="col" className="text-right">logprob</th></tr>
          </thead>
          <tbody>
            {result.labels.map((entry) => (
              <tr key={entry.label} data-testid="label-row" data-in-top-k={entry.inTopK ? "true" : "false"}>
                <td className="font-mono">{entry.label}</td>
                <td className="text-right tabular-nums">{entry.inTopK ? formatProbability(entry.probability) : <span className="text-amber-700">not in top-{result.topK}</span>}</td>
                <td className="text-right tabular-nums text-slate-600">{formatLogprob(entry.logprob)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}

interface SamplesResult {
  samples: SampleResult[];
  consistency: number | null;
  clusters: SampleCluster[];
}

/** N samples at the form's temperature; consistency and clusters; save as sibling samples. */
export function SamplesPanel({ project, request }: { project: string | undefined; request: Request }) {
  const [n, setN] = useState("5");
  const [result, setResult] = useState<(SamplesResult & { prompt: PlaygroundPrompt; settings: SamplingSettings }) | null>(null);
  const [saved, setSaved] = useState<SaveResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const draw = async () => {
    const read = request();
    setError(null);
    setSaved(null);
    if ("problem" in read) return setError(read.problem);
    const count = Number(n);
    if (!Number.isInteger(count) || count < 2 || count > 20) return setError("samples must be a whole number from 2 to 20");
    setBusy(true);
    try {
      const answer = await sendJson<SamplesResult>("POST", playgroundPath("samples", project), { ...read.settings, ...read.prompt, n: count });
      setResult({ ...answer, ...read });
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };
  const save = async () => {
    if (!result) return;
    // A save is all or nothing: dropping the samples without tokens would renumber the rest and
    // store a consistency other than the one shown.
    const bare = result.samples.filter((sample) => sample.tokens.length === 0).length;
    if (bare > 0) return setError(`${bare} of ${result.samples.length} samples came without logprobs, so this set cannot be saved (a save keeps every sample or none).`);
    try {
      setSaved(await sendJson<SaveResult>("POST", playgroundPath("save", project), {
        ...result.settings,
        ...result.prompt,
        samples: result.samples.map((sample) => ({ text: sample.text, finishReason: sample.finishReason, tokens: sample.tokens })),
      }));
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-end gap-2">
        <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
          Samples
          <input type="number" min="2" max="20" className={`${inputClass} w-24`} value={n} onChange={(e) => setN(e.target.value)} />
        </label>
        <button type="button" className={quietButtonClass} disabled={busy} onClick={() => void draw()} data-testid="draw-samples">{busy ? "Sampling…" : "Draw samples"}</button>
        {result && !saved ? <button type="button" className={quietButtonClass} onClick={() => void save()} data-testid="save-samples">Save as sibling samples</button> : null}
        {saved ? <span className="text-xs text-slate-600" data-testid="samples-saved">Saved {saved.ids.length} samples (responses #{saved.ids.join(", #")})</span> : null}
      </div>
      {error ? <p role="alert" className="text-sm text-red-700">{error}</p> : null}
      {result ? (
        <div className="space-y-2 text-sm" data-testid="samples-result">
          <p>
            Consistency (mean pairwise ROUGE-L F1): <strong data-testid="consistency">{formatNumber(result.consistency, 3)}</strong>
          </p>
          <ul className="space-y-0.5 text-xs text-slate-600">
            {result.clusters.map((cluster, i) => (
              <li key={i}>Cluster {i + 1}: {formatProbability(cluster.share)} of samples (#{cluster.members.map((m) => m + 1).join(", #")})</li>
            ))}
          </ul>
          <ol className="list-decimal space-y-1 pl-5">
            {result.samples.map((sample, i) => (
              <li key={i} className="whitespace-pre-wrap break-words font-mono text-xs">{sample.text}</li>
            ))}
          </ol>
        </div>
      ) : null}
    </div>
  );
}

/** The prompt's own tokens coloured by surprise, and leave-one-out attribution with a progress bar. */
export function PromptDiagnostics({ project, promptTokens, signal, attribution }: { project: string | undefined; promptTokens: TokenDto[] | null; signal: TokenSignal; attribution: (() => { prompt: string; response: string; settings: SamplingSettings } | { problem: string }) | null }) {
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [ranked, setRanked] = useState<AttributionEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const controller = useRef<AbortController | null>(null);
  // Leaving the page stops the attribution runs (one provider call per prompt chunk).
  useEffect(() => () => controller.current?.abort(), []);
  const run = async () => {
    if (!attribution) return;
    const read = attribution();
    setError(null);
    setRanked(null);
    if ("problem" in read) return setError(read.problem);
    controller.current = new AbortController();
    const partial: AttributionEntry[] = [];
    try {
      await postNdjson<AttributionEvent>(playgroundPath("attribution", project), { ...read.settings, prompt: read.prompt, response: read.response }, controller.current.signal, (event) => {
        if (event.type === "start") setProgress({ done: 0, total: event.total });
        else if (event.type === "progress") {
          partial.push(event.entry);
          setProgress({ done: event.done, total: event.total });
        } else if (event.type === "done") setRanked(event.ranked);
        else if (event.type === "error") setError(event.error.message);
      });
    } catch (caught) {
      if (!controller.current.signal.aborted) setError(errorMessage(caught));
    } finally {
      controller.current = null;
    }
  };
  return (
    <div className="space-y-3">
      {promptTokens && promptTokens.length > 0 ? (
        <TokenText tokens={promptTokens} signal={signal} linkToHash={false} label="Prompt tokens coloured by surprise. Arrow keys move between tokens." />
      ) : (
        <p className="text-sm text-slate-500">No prompt logprobs: run a prompt on a provider that gives them (the local model does).</p>
      )}
      {attribution ? (
        <div className="space-y-2">
          <div className="flex flex-wrap items-center gap-2">
            <button type="button" className={quietButtonClass} onClick={() => void run()} disabled={progress !== null && ranked === null && error === null} data-testid="run-attribution">Leave-one-out attribution</button>
            {progress ? <progress className="h-2 w-40" max={progress.total} value={progress.done} aria-label="Attribution progress" data-testid="attribution-progress" /> : null}
            {progress ? <span className="text-xs tabular-nums text-slate-500">{progress.done} / {progress.total}</span> : null}
          </div>
          {error ? <p role="alert" className="text-sm text-red-700">{error}</p> : null}
          {ranked ? (
            <ol className="space-y-0.5 text-xs" data-testid="attribution-ranked">
              {ranked.map((entry) => (
                <li key={entry.index} className="flex justify-between gap-3 font-mono">
                  <span className="truncate whitespace-pre">#{entry.index} {JSON.stringify(entry.token)}</span>
                  <span className="tabular-nums">{entry.delta === null ? "n/a" : `${entry.delta >= 0 ? "+" : ""}${entry.delta.toFixed(3)} nats`}</span>
                </li>
              ))}
            </ol>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
