"use client";

import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useState, type FormEvent } from "react";
import { errorMessage } from "@/components/data/apiClient";
import { DETECTOR_NAMES, type DetectorName, type DetectorSettings } from "@/lib/metrics/detectors/settings";
import { useDetectorSettings, useSaveDetectorSettings, useStartReapply, useThresholdJob, useThresholdSuggestions } from "./triageQueries";

const inputClass = "h-8 rounded-md border border-slate-300 px-2 text-sm";
const buttonClass = "h-9 rounded-md bg-indigo-600 px-3 text-sm font-medium text-white hover:bg-indigo-700 disabled:cursor-not-allowed disabled:opacity-60";
const RATES = [0.01, 0.02, 0.05];

type Draft = Record<string, { enabled: boolean; thresholds: Record<string, string> }>;

function draftOf(settings: DetectorSettings): Draft {
  const draft: Draft = {};
  for (const [name, value] of Object.entries(settings)) {
    draft[name] = { enabled: value.enabled, thresholds: Object.fromEntries(Object.entries(value.thresholds as Record<string, number>).map(([k, v]) => [k, String(v)])) };
  }
  return draft;
}

/**
 * /alerts/thresholds: each detector's switch and thresholds for the project (or one tag), a
 * suggestion from the last 7 days with what each choice would have flagged, re-applying to the
 * last N days in the background with a progress bar, and the versions of past changes.
 */
export function ThresholdsView() {
  const project = useSearchParams().get("project") ?? undefined;
  const [tagDraft, setTagDraft] = useState("");
  const [tag, setTag] = useState("");
  const settings = useDetectorSettings(project, tag);
  // Here, not in the form: a save refetches the settings, which remounts the form (keyed by them)
  // and would take the "Saved" confirmation with it.
  const save = useSaveDetectorSettings(project);
  const suffix = project ? `?project=${encodeURIComponent(project)}` : "";
  return (
    <div className="max-w-5xl space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-lg font-semibold">Thresholds</h1>
        <nav className="flex gap-3 text-sm" aria-label="Detection">
          <Link className="text-indigo-700 underline" href={`/triage${suffix}`}>Triage</Link>
          <Link className="text-indigo-700 underline" href={`/alerts/quality${suffix}`}>Rule quality</Link>
        </nav>
      </div>
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          setTag(tagDraft.trim());
          save.reset();
        }}
      >
        <label className="flex flex-col text-xs font-medium text-slate-600">
          Tag (empty: the whole project)
          <input className={`${inputClass} mt-1 w-56`} value={tagDraft} maxLength={128} onChange={(event) => setTagDraft(event.target.value)} data-testid="thresholds-tag" />
        </label>
        <button type="submit" className="h-8 rounded-md border border-slate-300 px-3 text-sm">Show</button>
      </form>
      {settings.isError ? <p role="alert" className="text-sm text-red-700">{errorMessage(settings.error)}</p> : null}
      {settings.data ? <SettingsForm key={`${tag}:${JSON.stringify(settings.data.settings)}`} project={project} tag={tag} settings={settings.data.settings} save={save} /> : <p className="text-sm text-slate-500">Loading…</p>}
      <ReapplyCard project={project} />
      {settings.data ? (
        <section className="card p-4" aria-labelledby="history-heading">
          <h2 id="history-heading" className="text-sm font-semibold text-slate-800">Versions</h2>
          {settings.data.history.length === 0 ? <p className="mt-2 text-sm text-slate-600">No changes yet: the defaults apply.</p> : null}
          <ol className="mt-2 space-y-2 text-sm" data-testid="threshold-history">
            {settings.data.history.map((version) => (
              <li key={version.id} className="border-t border-slate-100 pt-2">
                <span className="text-slate-600">{new Date(version.at).toLocaleString()} · {version.by ?? "system"}{version.tag ? ` · tag ${version.tag}` : ""}</span>
                {Object.entries(version.changes).map(([detector, change]) => (
                  <div key={detector} className="break-words font-mono text-xs text-slate-800">
                    {DETECTOR_NAMES[detector as DetectorName] ?? detector}: {JSON.stringify(change.before)} → {JSON.stringify(change.after)}
                  </div>
                ))}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </div>
  );
}

function SettingsForm({ project, tag, settings, save }: { project: string | undefined; tag: string; settings: DetectorSettings; save: ReturnType<typeof useSaveDetectorSettings> }) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(settings));
  const [rate, setRate] = useState(0.02);
  const [asked, setAsked] = useState(false);
  const [invalid, setInvalid] = useState<string | null>(null);
  const suggestions = useThresholdSuggestions(project, tag, rate, asked);
  const original = draftOf(settings);
  const changed = Object.keys(draft).filter((name) => JSON.stringify(draft[name]) !== JSON.stringify(original[name]));
  const setThreshold = (detector: string, key: string, value: string) =>
    setDraft((before) => ({ ...before, [detector]: { enabled: before[detector]?.enabled ?? true, thresholds: { ...before[detector]?.thresholds, [key]: value } } }));

  function submit(event: FormEvent) {
    event.preventDefault();
    const detectors: Record<string, { enabled: boolean; thresholds: Record<string, number> }> = {};
    for (const name of changed) {
      const entry = draft[name];
      if (!entry) continue;
      // Number("") is 0, a threshold that flags nearly every response: an empty field is an error.
      const blank = Object.entries(entry.thresholds).find(([, v]) => v.trim() === "" || !Number.isFinite(Number(v)));
      if (blank) {
        setInvalid(`${DETECTOR_NAMES[name as DetectorName] ?? name}: ${blank[0]} needs a number`);
        return;
      }
      detectors[name] = { enabled: entry.enabled, thresholds: Object.fromEntries(Object.entries(entry.thresholds).map(([k, v]) => [k, Number(v)])) };
    }
    setInvalid(null);
    save.mutate({ tag, detectors });
  }

  return (
    <>
      <section className="card p-4" aria-labelledby="suggest-heading">
        <h2 id="suggest-heading" className="text-sm font-semibold text-slate-800">Suggest from the last 7 days</h2>
        <div className="mt-2 flex flex-wrap items-end gap-2">
          <label className="flex flex-col text-xs font-medium text-slate-600">
            Flag about
            <select className={`${inputClass} mt-1`} value={rate} onChange={(event) => setRate(Number(event.target.value))} data-testid="suggest-rate">
              {RATES.map((r) => (
                <option key={r} value={r}>{r * 100}% of responses</option>
              ))}
            </select>
          </label>
          <button type="button" className={buttonClass} onClick={() => setAsked(true)} data-testid="suggest-button">Suggest</button>
        </div>
        {suggestions.isError ? <p role="alert" className="mt-2 text-sm text-red-700">{errorMessage(suggestions.error)}</p> : null}
        {suggestions.data ? (
          <div className="overflow-x-auto" role="region" aria-label="Suggested thresholds" tabIndex={0}>
            <table className="mt-3 w-full min-w-[520px] text-sm" data-testid="suggestions">
              <thead className="text-left text-xs text-slate-600">
                <tr>
                  <th scope="col" className="py-1 font-medium">Rule</th>
                  <th scope="col" className="py-1 font-medium">Current (would flag)</th>
                  <th scope="col" className="py-1 font-medium">Suggested (would flag)</th>
                  <th scope="col" className="py-1 font-medium"><span className="sr-only">Use</span></th>
                </tr>
              </thead>
              <tbody>
                {suggestions.data.map((s) => (
                  <tr key={s.detector} data-detector={s.detector} className="border-t border-slate-100">
                    <th scope="row" className="py-1 text-left font-normal">{DETECTOR_NAMES[s.detector as DetectorName]} ({s.metric} {s.op})</th>
                    <td className="py-1 font-mono text-xs">{s.current} ({s.currentFlagged} of {s.responses})</td>
                    <td className="py-1 font-mono text-xs">{s.suggested === null ? "—" : `${Number(s.suggested.toPrecision(6))} (${s.suggestedFlagged} of ${s.responses})`}</td>
                    <td className="py-1 text-right">
                      {s.suggested !== null ? (
                        <button type="button" className="rounded-md border border-slate-300 px-2 py-0.5 text-xs" onClick={() => setThreshold(s.detector, "threshold", String(Number((s.suggested as number).toPrecision(6))))}>
                          Use
                        </button>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>

      <form className="card p-4" onSubmit={submit} aria-labelledby="detectors-heading">
        <div className="overflow-x-auto" role="region" aria-label="Detector thresholds" tabIndex={0}>
        <h2 id="detectors-heading" className="text-sm font-semibold text-slate-800">Detectors{tag ? ` for tag “${tag}”` : ""}</h2>
        <table className="mt-2 w-full min-w-[520px] text-sm">
          <thead className="text-left text-xs text-slate-600">
            <tr>
              <th scope="col" className="py-1 font-medium">Detector</th>
              <th scope="col" className="py-1 font-medium">On</th>
              <th scope="col" className="py-1 font-medium">Thresholds</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(draft).map(([name, entry]) => (
              <tr key={name} className="border-t border-slate-100 align-top" data-detector={name}>
                <th scope="row" className="py-1.5 text-left font-normal">{DETECTOR_NAMES[name as DetectorName] ?? name}</th>
                <td className="py-1.5">
                  <input
                    type="checkbox"
                    aria-label={`${DETECTOR_NAMES[name as DetectorName] ?? name} on`}
                    checked={entry.enabled}
                    onChange={(event) => setDraft((before) => ({ ...before, [name]: { ...entry, enabled: event.target.checked } }))}
                  />
                </td>
                <td className="flex flex-wrap gap-2 py-1.5">
                  {Object.entries(entry.thresholds).map(([key, value]) => (
                    <label key={key} className="flex items-center gap-1 text-xs text-slate-700">
                      {key}
                      <input
                        type="number"
                        step="any"
                        className={`${inputClass} w-24`}
                        value={value}
                        onChange={(event) => setThreshold(name, key, event.target.value)}
                        data-testid={`threshold-${name}-${key}`}
                      />
                    </label>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
        <div className="mt-3 flex items-center gap-3">
          <button type="submit" className={buttonClass} disabled={changed.length === 0 || save.isPending} data-testid="thresholds-save">
            {save.isPending ? "Saving…" : `Save ${changed.length > 0 ? `(${changed.length})` : ""}`}
          </button>
          {invalid ? <span role="alert" className="text-sm text-red-700" data-testid="thresholds-invalid">{invalid}</span> : null}
          {save.isSuccess && !invalid ? <span role="status" className="text-sm text-emerald-800" data-testid="thresholds-saved">Saved; new responses use it. Re-apply below for past ones.</span> : null}
          {save.isError ? <span role="alert" className="text-sm text-red-700">{errorMessage(save.error)}</span> : null}
        </div>
      </form>
    </>
  );
}

function ReapplyCard({ project }: { project: string | undefined }) {
  const [days, setDays] = useState("7");
  const [jobId, setJobId] = useState<string | null>(null);
  const start = useStartReapply(project);
  const job = useThresholdJob(project, jobId);
  const percent = job.data ? Math.round(job.data.progress * 100) : 0;
  return (
    <section className="card p-4" aria-labelledby="reapply-heading">
      <h2 id="reapply-heading" className="text-sm font-semibold text-slate-800">Re-apply to past responses</h2>
      <p className="mt-1 text-xs text-slate-600">Runs the detectors again on the stored tokens in the background; ingestion goes on meanwhile.</p>
      <form
        className="mt-2 flex flex-wrap items-end gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          start.mutate(Number(days), { onSuccess: (created) => setJobId(created.id) });
        }}
      >
        <label className="flex flex-col text-xs font-medium text-slate-600">
          Last N days
          <input type="number" min={1} max={90} required className={`${inputClass} mt-1 w-24`} value={days} onChange={(event) => setDays(event.target.value)} data-testid="reapply-days" />
        </label>
        <button type="submit" className={buttonClass} disabled={start.isPending} data-testid="reapply-button">Re-apply</button>
      </form>
      {start.isError ? <p role="alert" className="mt-2 text-sm text-red-700">{errorMessage(start.error)}</p> : null}
      {job.data ? (
        <div className="mt-3 space-y-1" data-testid="reapply-job">
          <div role="progressbar" aria-label="Re-apply progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} className="h-2 w-full rounded bg-slate-100">
            <div className="h-2 rounded bg-indigo-600 transition-all" style={{ width: `${percent}%` }} />
          </div>
          <p className="text-xs text-slate-700" aria-live="polite" data-testid="reapply-status">
            {job.data.status} · {job.data.processed} of {job.data.total} responses · {job.data.raised} alerts raised · {job.data.cleared} resolved
            {job.data.error ? ` · ${job.data.error}` : ""}
          </p>
        </div>
      ) : null}
    </section>
  );
}
