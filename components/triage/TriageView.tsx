"use client";

import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { errorMessage } from "@/components/data/apiClient";
import { useResponseAlerts, useResponseDetail } from "@/components/data/queries";
import { TokenText } from "@/components/tokens/TokenText";
import { useLoadedTokens } from "@/components/tokens/useLoadedTokens";
import type { ResponseDetail } from "@/lib/queries/getResponse";
import type { SuspectDto } from "@/lib/triage/suspects";
import type { Verdict } from "@/lib/triage/verdicts";
import { RulePrecisionCard } from "./RulePrecisionCard";
import { triageAction, VERDICT_KEYS } from "./triageKeys";
import { useRecordVerdict, useTriageQueue } from "./triageQueries";

const VERDICT_LABEL: Record<Verdict, string> = { confirmed: "Confirmed", false_positive: "False positive", unsure: "Unsure" };

/**
 * /triage: the open suspects most suspicious first, one at a time, with the token view and every
 * fired detector's evidence outlined; a verdict in one key (1/2/3), j/k to move, n for a note.
 */
export function TriageView() {
  const searchParams = useSearchParams();
  const project = searchParams.get("project") ?? undefined;
  const model = searchParams.get("model") ?? undefined;
  const queue = useTriageQueue(project, model);
  const record = useRecordVerdict(project);
  const [index, setIndex] = useState(0);
  const [judged, setJudged] = useState<Record<number, Verdict>>({});
  const [note, setNote] = useState("");
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const suspects = useMemo(() => queue.data ?? [], [queue.data]);
  const current: SuspectDto | undefined = suspects[index];

  const move = useCallback((step: number) => {
    setIndex((at) => Math.max(0, Math.min(suspects.length - 1, at + step)));
    setNote("");
  }, [suspects.length]);

  const judge = useCallback(
    (verdict: Verdict) => {
      if (!current || record.isPending) return;
      record.mutate(
        { responseId: current.responseId, verdict, note: note.trim() || undefined },
        {
          onSuccess: () => {
            setJudged((before) => ({ ...before, [current.responseId]: verdict }));
            move(1);
          },
        },
      );
    },
    [current, record, note, move],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      const targetIsField = !!target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT" || target.isContentEditable);
      if (targetIsField && event.key === "Escape") {
        target.blur();
        return;
      }
      const action = triageAction({ key: event.key, ctrlKey: event.ctrlKey, metaKey: event.metaKey, altKey: event.altKey, targetIsField });
      if (!action) return;
      event.preventDefault();
      if (action.kind === "verdict") judge(action.verdict);
      else if (action.kind === "next") move(1);
      else if (action.kind === "previous") move(-1);
      else noteRef.current?.focus();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [judge, move]);

  const done = Object.keys(judged).length;
  return (
    <div className="space-y-4">
      <header className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-lg font-semibold">Triage{model ? <span className="ml-2 font-mono text-sm font-normal text-slate-600">{model}</span> : null}</h1>
        <p className="text-sm text-slate-600" data-testid="triage-progress" aria-live="polite">
          {suspects.length === 0 ? "" : `Suspect ${Math.min(index + 1, suspects.length)} of ${suspects.length} · ${done} judged`}
        </p>
      </header>
      <KeyHelp />
      {queue.isPending ? <p className="text-sm text-slate-500">Loading suspects…</p> : null}
      {queue.isError ? <p role="alert" className="text-sm text-red-700">{errorMessage(queue.error)}</p> : null}
      {queue.data && suspects.length === 0 ? (
        <p className="card p-4 text-sm text-slate-600" data-testid="triage-empty">
          No open suspects without a verdict. New alerts appear on <Link className="text-indigo-700 underline" href="/alerts">Alerts</Link>.
        </p>
      ) : null}
      <div className="grid items-start gap-4 lg:grid-cols-[minmax(0,1fr)_320px]">
        <div className="min-w-0 space-y-4">
          {current ? (
            <SuspectCard key={current.responseId} suspect={current} project={project} judged={judged[current.responseId] ?? null} />
          ) : null}
          {current ? (
            <section className="card space-y-3 p-4" aria-label="Verdict">
              <label className="block text-xs font-medium text-slate-600" htmlFor="triage-note">
                Note (n to write, Esc to leave; sent with the verdict)
              </label>
              <textarea
                id="triage-note"
                ref={noteRef}
                data-testid="triage-note"
                className="w-full rounded-md border border-slate-300 p-2 text-sm"
                rows={2}
                maxLength={2000}
                value={note}
                onChange={(event) => setNote(event.target.value)}
              />
              <div className="flex flex-wrap gap-2">
                {VERDICT_KEYS.map(({ key, verdict, label }) => (
                  <button
                    key={verdict}
                    type="button"
                    data-testid={`verdict-${verdict}`}
                    onClick={() => judge(verdict)}
                    disabled={record.isPending}
                    className="h-9 rounded-md border border-slate-300 bg-white px-3 text-sm font-medium text-slate-800 hover:bg-slate-50 disabled:opacity-60"
                  >
                    <kbd className="mr-1.5 rounded border border-slate-300 bg-slate-100 px-1 font-mono text-xs">{key}</kbd>
                    {label}
                  </button>
                ))}
                <button type="button" onClick={() => move(-1)} className="h-9 rounded-md px-3 text-sm text-slate-700 hover:bg-slate-100" disabled={index === 0}>
                  <kbd className="mr-1.5 rounded border border-slate-300 bg-slate-100 px-1 font-mono text-xs">k</kbd>Previous
                </button>
                <button type="button" onClick={() => move(1)} className="h-9 rounded-md px-3 text-sm text-slate-700 hover:bg-slate-100" disabled={index >= suspects.length - 1}>
                  <kbd className="mr-1.5 rounded border border-slate-300 bg-slate-100 px-1 font-mono text-xs">j</kbd>Next
                </button>
              </div>
              {record.isError ? <p role="alert" className="text-sm text-red-700">{errorMessage(record.error)}</p> : null}
            </section>
          ) : null}
        </div>
        <RulePrecisionCard project={project} />
      </div>
    </div>
  );
}

function KeyHelp() {
  return (
    <p className="text-xs text-slate-600" data-testid="triage-keys">
      Keys: <kbd className="font-mono">1</kbd> confirmed (a real hallucination or defect) · <kbd className="font-mono">2</kbd> false positive ·{" "}
      <kbd className="font-mono">3</kbd> unsure · <kbd className="font-mono">j</kbd>/<kbd className="font-mono">k</kbd> next/previous · <kbd className="font-mono">n</kbd> note
    </p>
  );
}

function SuspectCard({ suspect, project, judged }: { suspect: SuspectDto; project: string | undefined; judged: Verdict | null }) {
  const detail = useResponseDetail(suspect.responseId, project);
  const href = `/responses/${suspect.responseId}${project ? `?project=${encodeURIComponent(project)}` : ""}`;
  return (
    <section className="card" aria-labelledby="suspect-heading" data-testid="triage-suspect" data-response-id={suspect.responseId}>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-slate-100 px-4 py-2.5">
        <h2 id="suspect-heading" className="text-sm font-semibold text-slate-800">
          <Link href={href} className="hover:text-indigo-700">Response #{suspect.responseId}</Link>
        </h2>
        <span className="rounded-md bg-slate-900 px-2 py-0.5 font-mono text-xs text-white">{suspect.model}</span>
        <span className="text-xs text-slate-600">score {suspect.score} · {new Date(suspect.occurredAt).toLocaleString()}</span>
        {judged ? (
          <span data-testid="triage-judged" className="rounded-full bg-emerald-100 px-2 py-0.5 text-xs font-medium text-emerald-900">
            Judged: {VERDICT_LABEL[judged]}
          </span>
        ) : null}
      </div>
      <ul className="flex flex-wrap gap-1.5 px-4 pt-3" aria-label="Detectors that fired">
        {suspect.names.map((name, i) => (
          <li key={suspect.detectors[i]} data-detector={suspect.detectors[i]} className="rounded-full bg-rose-100 px-2 py-0.5 text-xs font-medium text-rose-900">
            {name}
          </li>
        ))}
      </ul>
      <div className="px-4 py-3">
        {detail.data && detail.data.id === suspect.responseId ? (
          <SuspectTokens detail={detail.data} project={project} />
        ) : detail.isError ? (
          <p role="alert" className="text-sm text-red-700">{errorMessage(detail.error)}</p>
        ) : (
          <p className="text-sm text-slate-500">Loading tokens…</p>
        )}
      </div>
    </section>
  );
}

/** The response's tokens with the evidence of every open alert outlined, named by detector. */
function SuspectTokens({ detail, project }: { detail: ResponseDetail; project: string | undefined }) {
  const { tokens } = useLoadedTokens(detail, project);
  const alerts = useResponseAlerts(detail.id, project);
  const evidence = useMemo(() => {
    const map = new Map<number, string[]>();
    for (const alert of alerts.data?.data ?? []) {
      if (alert.status !== "open") continue;
      for (const position of alert.evidence.positions) map.set(position, [...(map.get(position) ?? []), alert.name]);
    }
    return map;
  }, [alerts.data]);
  if (tokens.length === 0) return <pre className="whitespace-pre-wrap break-words font-mono text-[13px] text-slate-800">{detail.outputText}</pre>;
  return (
    <>
      <p className="mb-2 text-xs text-slate-600" data-testid="triage-evidence-caption">
        {evidence.size > 0 ? `Outlined: ${evidence.size} token${evidence.size === 1 ? "" : "s"} where a detector fired (hover or focus one to see which).` : "The detectors fired on the response as a whole (no single tokens)."}
      </p>
      <TokenText tokens={tokens} signal="probability" evidence={evidence} />
    </>
  );
}
