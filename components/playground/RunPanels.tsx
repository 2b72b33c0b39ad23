"use client";

import Link from "next/link";
import { useMemo, useState } from "react";
import { errorMessage } from "@/components/data/apiClient";
import { primaryButtonClass, quietButtonClass } from "@/components/settings/controls";
import type { TokenSignal } from "@/components/tokens/confidenceScale";
import { formatLogprob, formatNumber } from "@/components/tokens/formatSignal";
import { inlineTokenGlyphs } from "@/components/tokens/tokenDisplay";
import { glyphChildren } from "@/components/tokens/TokenGlyphs";
import { TokenText } from "@/components/tokens/TokenText";
import { treeRows, type BranchTree, type RunNode } from "@/lib/playground/branchTree";
import type { TokenDto } from "@/lib/queries/responseDto";
import { runMetrics } from "./runMetrics";
import type { RunInfo, SaveResult } from "./usePlaygroundRuns";

const STATUS_TEXT = { running: "streaming…", done: "done", failed: "failed", cancelled: "cancelled" } as const;

/** The runs as an outline: switch to one, or tick several to compare them side by side. */
export function RunTree({ tree, activeId, compared, onActivate, onCompare }: { tree: BranchTree<TokenDto>; activeId: string | null; compared: readonly string[]; onActivate: (id: string) => void; onCompare: (id: string, on: boolean) => void }) {
  const rows = treeRows(tree);
  if (rows.length === 0) return null;
  return (
    <ul className="space-y-1 text-sm" aria-label="Runs and branches" data-testid="run-tree">
      {rows.map((row) => {
        const node = tree.nodes[row.id] as RunNode<TokenDto>;
        return (
          <li key={row.id} className="flex min-w-0 items-center gap-2" style={{ paddingLeft: `${Math.min(row.depth, 6) * 14}px` }}>
            <input type="checkbox" aria-label={`Compare ${row.label}`} checked={compared.includes(row.id)} onChange={(e) => onCompare(row.id, e.target.checked)} />
            <button type="button" data-testid="run-row" aria-pressed={row.id === activeId} onClick={() => onActivate(row.id)} className={`min-w-0 truncate rounded px-1.5 py-0.5 text-left ${row.id === activeId ? "bg-indigo-50 font-medium text-indigo-900" : "text-slate-700 hover:bg-slate-50"}`}>
              {row.label}
              {node.branch ? <span className="ml-1 font-mono text-xs text-slate-600">@{node.branch.tokenIndex} → {JSON.stringify(node.branch.token)}</span> : null}
              <span className="ml-1 text-xs text-slate-600">· {STATUS_TEXT[node.status]}</span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}

/** The metrics the explorer stores, for one run in the page. */
export function RunMetricsList({ tokens, testId }: { tokens: readonly TokenDto[]; testId?: string }) {
  const metrics = useMemo(() => runMetrics(tokens), [tokens]);
  const rows: Array<[string, string]> = [
    ["tokens", String(metrics.tokenCount)],
    ["sum logprob", formatLogprob(metrics.sumLogprob)],
    ["avg logprob", formatLogprob(metrics.avgLogprob)],
    ["perplexity", formatNumber(metrics.perplexity)],
    ["min logprob", formatLogprob(metrics.minLogprob)],
    ["mean entropy", metrics.meanEntropyBits === null ? "n/a" : `${formatNumber(metrics.meanEntropyBits)} bits`],
  ];
  return (
    <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-xs" data-testid={testId}>
      {rows.map(([name, value]) => (
        <div key={name} className="flex justify-between gap-2">
          <dt className="text-slate-500">{name}</dt>
          <dd className="font-medium tabular-nums text-slate-900" data-metric={name}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

interface ActiveRunProps {
  node: RunNode<TokenDto>;
  run: RunInfo;
  label: string;
  signal: TokenSignal;
  project: string | undefined;
  onBranch: (tokenIndex: number, alternative: string) => void;
  onCancel: () => void;
  onSave: () => Promise<SaveResult>;
}

/** The run being looked at: its tokens, the branch picker for the selected token, its metrics, save. */
export function ActiveRun({ node, run, label, signal, project, onBranch, onCancel, onSave }: ActiveRunProps) {
  const [selected, setSelected] = useState<number | null>(null);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const token = selected === null ? undefined : node.tokens[selected];
  const alternatives = token ? token.top.filter((alt) => alt.token !== token.token) : [];
  const responseHref = run.savedId === null ? null : `/responses/${run.savedId}${project ? `?project=${encodeURIComponent(project)}` : ""}`;
  return (
    <div className="space-y-3" data-testid="active-run" data-status={node.status}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 className="text-sm font-semibold text-slate-800">
          {label} <span className="font-normal text-slate-500">· {STATUS_TEXT[node.status]}</span>
        </h3>
        <div className="flex flex-wrap gap-2">
          {node.status === "running" ? (
            <button type="button" className={quietButtonClass} onClick={onCancel} data-testid="cancel-run">Cancel</button>
          ) : null}
          {node.status === "done" && run.savedId === null ? (
            <button type="button" className={quietButtonClass} disabled={saving} data-testid="save-run" onClick={() => {
              setSaving(true);
              setSaveError(null);
              onSave().catch((error: unknown) => setSaveError(errorMessage(error))).finally(() => setSaving(false));
            }}>{saving ? "Saving…" : "Save run"}</button>
          ) : null}
          {responseHref ? (
            <Link href={responseHref} className="text-xs font-medium text-indigo-700 underline" data-testid="saved-link">Saved as response #{run.savedId}</Link>
          ) : null}
        </div>
      </div>
      {run.error ? <p role="alert" data-testid="run-error" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">{run.error}</p> : null}
      {saveError ? <p role="alert" className="text-sm text-red-700">Not saved: {saveError}</p> : null}
      {node.tokens.length > 0 ? (
        <TokenText tokens={node.tokens} signal={signal} linkToHash={false} onSelectToken={setSelected} label={`${label} output tokens. Arrow keys move between tokens; the branch picker below lists the focused token's alternatives.`} />
      ) : node.status === "running" ? (
        <p className="text-sm text-slate-500">Waiting for the first token…</p>
      ) : null}
      {node.status !== "running" && token ? (
        <div className="rounded-md border border-slate-200 p-2" data-testid="branch-picker">
          <p className="mb-1.5 text-xs text-slate-600">
            Branch at token #{selected}: regenerate from here with another alternative
          </p>
          {alternatives.length === 0 ? (
            <p className="text-xs text-slate-500">No other alternatives were sent for this token.</p>
          ) : (
            <div className="flex flex-wrap gap-1.5">
              {alternatives.map((alt) => (
                <button key={alt.token} type="button" data-testid="branch-alt" className={quietButtonClass} aria-label={`Branch with ${JSON.stringify(alt.token)} (logprob ${formatLogprob(alt.logprob)})`} onClick={() => onBranch(selected as number, alt.token)}>
                  <span className="whitespace-pre font-mono">{glyphChildren(inlineTokenGlyphs(alt.token, alt.bytes ?? null))}</span>
                  <span className="ml-1 text-slate-500">{formatLogprob(alt.logprob)}</span>
                </button>
              ))}
            </div>
          )}
        </div>
      ) : node.status === "done" && node.tokens.length > 0 ? (
        <p className="text-xs text-slate-500">Click or focus a token to branch from one of its alternatives.</p>
      ) : null}
      {node.tokens.length > 0 ? <RunMetricsList tokens={node.tokens} testId="run-metrics" /> : null}
    </div>
  );
}

/** Runs side by side, each with its tokens and metrics. */
export function CompareRuns({ tree, ids, labels, signal }: { tree: BranchTree<TokenDto>; ids: readonly string[]; labels: Record<string, string>; signal: TokenSignal }) {
  const nodes = ids.map((id) => tree.nodes[id]).filter((node): node is RunNode<TokenDto> => node !== undefined);
  if (nodes.length < 2) return <p className="text-sm text-slate-500">Tick two or more runs in the list to compare them side by side.</p>;
  return (
    <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-3" data-testid="compare">
      {nodes.map((node) => (
        <div key={node.id} className="min-w-0 space-y-2 rounded-md border border-slate-200 p-3">
          <h3 className="text-xs font-semibold text-slate-700">{labels[node.id]}</h3>
          <TokenText tokens={node.tokens} signal={signal} linkToHash={false} label={`${labels[node.id]} tokens`} />
          <RunMetricsList tokens={node.tokens} />
        </div>
      ))}
    </div>
  );
}

export function RunButton({ running, onRun, disabled }: { running: boolean; onRun: () => void; disabled: boolean }) {
  return (
    <button type="button" className={primaryButtonClass} onClick={onRun} disabled={disabled || running} data-testid="run-button">
      {running ? "Running…" : "Run"}
    </button>
  );
}
