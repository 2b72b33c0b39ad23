"use client";

import { useSearchParams } from "next/navigation";
import { useMemo, useState } from "react";
import type { TokenSignal } from "@/components/tokens/confidenceScale";
import { SignalLegend, SignalPicker } from "@/components/tokens/SignalPicker";
import { pathTo, treeRows } from "@/lib/playground/branchTree";
import type { PlaygroundProvider } from "@/lib/playground/providers";
import { LabelScorer, PromptDiagnostics, SamplesPanel } from "./ProbePanels";
import { initialDraft, PromptForm, readDraft, type PromptDraft } from "./PromptForm";
import { ActiveRun, CompareRuns, RunButton, RunTree } from "./RunPanels";
import { usePlaygroundRuns } from "./usePlaygroundRuns";

/** /playground: paste a prompt, watch tokens stream in by confidence, branch, score labels, sample, save. */
export function PlaygroundView({ providers }: { providers: PlaygroundProvider[] }) {
  const project = useSearchParams().get("project") ?? undefined;
  const [draft, setDraft] = useState<PromptDraft>(() => initialDraft(providers));
  const [problem, setProblem] = useState<string | null>(null);
  const [signal, setSignal] = useState<TokenSignal>("probability");
  const [activeId, setActiveId] = useState<string | null>(null);
  const [compared, setCompared] = useState<string[]>([]);
  const runs = usePlaygroundRuns(project);
  const labels = useMemo(() => Object.fromEntries(treeRows(runs.tree).map((row) => [row.id, row.label])), [runs.tree]);

  if (providers.length === 0) return <NoProviders />;

  const active = activeId ? runs.tree.nodes[activeId] : undefined;
  const activeInfo = activeId ? runs.info[activeId] : undefined;
  const anyRunning = Object.values(runs.tree.nodes).some((node) => node.status === "running");
  const run = () => {
    const read = readDraft(draft);
    if ("problem" in read) return setProblem(read.problem);
    setProblem(null);
    setActiveId(runs.start(read.prompt, read.settings));
  };
  const branch = (tokenIndex: number, alternative: string) => {
    if (!activeId) return;
    const id = runs.branch(activeId, tokenIndex, alternative);
    if (id) setActiveId(id);
  };
  // A branch has its root's prompt: the root's prompt tokens are its prompt tokens too.
  const rootId = activeId ? pathTo(runs.tree, activeId)[0]?.id : undefined;
  const promptTokens = (rootId ? runs.info[rootId]?.promptTokens : null) ?? null;
  const attribution =
    active && activeInfo && activeInfo.prompt.mode === "completion" && active.status === "done" && active.tokens.length > 0
      ? () => ({ prompt: (activeInfo.prompt as { prompt: string }).prompt, response: active.tokens.map((t) => t.token).join(""), settings: activeInfo.settings })
      : null;

  return (
    <div className="space-y-5">
      <header>
        <h1 className="text-xl font-semibold tracking-tight">Playground</h1>
        <p className="text-sm text-slate-600">Paste a prompt and see, token by token, what else the model considered.</p>
      </header>
      <div className="grid items-start gap-5 lg:grid-cols-[minmax(0,1fr)_320px]">
        <div className="min-w-0 space-y-5">
          <section className="card space-y-3 p-4" aria-labelledby="prompt-heading">
            <h2 id="prompt-heading" className="text-sm font-semibold text-slate-800">Prompt</h2>
            <PromptForm draft={draft} providers={providers} onChange={setDraft} />
            <div className="flex flex-wrap items-center gap-3">
              <RunButton running={anyRunning} onRun={run} disabled={false} />
              {problem ? <p role="alert" className="text-sm text-red-700">{problem}</p> : null}
            </div>
          </section>

          <section className="card space-y-3 p-4" aria-labelledby="output-heading">
            <div className="flex flex-wrap items-center justify-between gap-2">
              <div className="flex flex-wrap items-center gap-3">
                <h2 id="output-heading" className="text-sm font-semibold text-slate-800">Output</h2>
                <SignalPicker signal={signal} onChange={setSignal} />
              </div>
              <SignalLegend signal={signal} />
            </div>
            {active && activeInfo ? (
              <ActiveRun
                key={active.id}
                node={active}
                run={activeInfo}
                label={labels[active.id] ?? "Run"}
                signal={signal}
                project={project}
                onBranch={branch}
                onCancel={() => runs.cancel(active.id)}
                onSave={() => runs.save(active.id)}
              />
            ) : (
              <p className="text-sm text-slate-500">Run a prompt to see its tokens here.</p>
            )}
          </section>

          <section className="card space-y-3 p-4" aria-labelledby="compare-heading">
            <h2 id="compare-heading" className="text-sm font-semibold text-slate-800">Compare branches</h2>
            <CompareRuns tree={runs.tree} ids={compared} labels={labels} signal={signal} />
          </section>

          <section className="card space-y-3 p-4" aria-labelledby="diagnostics-heading">
            <h2 id="diagnostics-heading" className="text-sm font-semibold text-slate-800">Prompt diagnostics</h2>
            <PromptDiagnostics key={activeId ?? "none"} project={project} promptTokens={promptTokens} signal={signal} attribution={attribution} />
          </section>
        </div>

        <aside className="min-w-0 space-y-5" aria-label="Runs and probes">
          <section className="card space-y-2 p-4" aria-labelledby="runs-heading">
            <h2 id="runs-heading" className="text-sm font-semibold text-slate-800">Runs</h2>
            {runs.tree.order.length === 0 ? <p className="text-sm text-slate-500">No runs yet.</p> : null}
            <RunTree tree={runs.tree} activeId={activeId} compared={compared} onActivate={setActiveId} onCompare={(id, on) => setCompared((ids) => (on ? [...ids, id] : ids.filter((other) => other !== id)))} />
          </section>
          <section className="card space-y-2 p-4" aria-labelledby="labels-heading">
            <h2 id="labels-heading" className="text-sm font-semibold text-slate-800">Label scorer</h2>
            <LabelScorer project={project} request={() => readDraft(draft)} />
          </section>
          <section className="card space-y-2 p-4" aria-labelledby="samples-heading">
            <h2 id="samples-heading" className="text-sm font-semibold text-slate-800">Multi-sample consistency</h2>
            <SamplesPanel project={project} request={() => readDraft(draft)} />
          </section>
        </aside>
      </div>
    </div>
  );
}

/** Nothing configured: one line each for a local GGUF model and an OpenAI-compatible provider. */
function NoProviders() {
  return (
    <section className="card space-y-3 p-6" data-testid="no-providers" aria-labelledby="no-providers-heading">
      <h1 id="no-providers-heading" className="text-base font-semibold text-slate-900">Playground: no model is configured yet</h1>
      <p className="text-sm text-slate-700">Add one of these to the server&apos;s environment and restart Loupe:</p>
      <ul className="space-y-2 text-sm text-slate-700">
        <li>
          A local GGUF model: <code className="break-all rounded bg-slate-100 px-1 font-mono text-xs">LOUPE_LOCAL_MODEL=/path/to/model.gguf</code>
        </li>
        <li>
          An OpenAI-compatible provider (OpenAI, vLLM, llama.cpp, Ollama…):{" "}
          <code className="break-all rounded bg-slate-100 px-1 font-mono text-xs">{`LOUPE_PROVIDERS='[{"id":"openai","baseURL":"https://api.openai.com/v1","apiKeyEnv":"OPENAI_API_KEY"}]'`}</code>{" "}
          (instance admins can also add one under Settings).
        </li>
      </ul>
    </section>
  );
}
