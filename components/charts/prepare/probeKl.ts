import type { ProbeRunDto } from "@/lib/probes/probeRuns";

export interface ProbeKlRow {
  /** The run's start, epoch ms. */
  t: number;
  runId: number;
  model: string;
  label: ProbeRunDto["label"];
  /** Per prompt (`p<index>`): the prompt's mean KL against the baseline, nats; null where it had no compared position. */
  [series: string]: number | string | null;
}

export interface PreparedProbeKl {
  /** Completed runs, oldest first; the baseline at 0 (it is its own reference). */
  rows: ProbeKlRow[];
  series: Array<{ dataKey: string; name: string }>;
  /** 0 up to the highest KL or the threshold, whichever is higher, with 10% headroom. */
  yDomain: [number, number];
  threshold: number;
}

const PROMPT_LABEL_CHARS = 32;

/** "1: Once upon a time…": a prompt as a legend names it. */
export function promptSeriesName(index: number, prompt: string): string {
  const trimmed = prompt.replace(/\s+/g, " ").trim();
  return `${index + 1}: ${trimmed.length > PROMPT_LABEL_CHARS ? `${trimmed.slice(0, PROMPT_LABEL_CHARS - 1)}…` : trimmed}`;
}

/**
 * Per-prompt mean KL over time, one row per completed run (failed runs have no figures and are
 * left out; a gap is not a zero). The baseline's row is 0 for every prompt.
 */
export function prepareProbeKl(runs: readonly ProbeRunDto[], prompts: readonly string[], threshold: number): PreparedProbeKl {
  const series = prompts.map((prompt, index) => ({ dataKey: `p${index}`, name: promptSeriesName(index, prompt) }));
  let highest = 0;
  const rows = runs
    .filter((run) => run.status === "completed")
    .map((run) => {
      const row: ProbeKlRow = { t: Date.parse(run.startedAt), runId: run.id, model: run.model, label: run.label };
      const byPrompt = new Map(run.prompts.map((prompt) => [prompt.promptIndex, prompt.meanKl]));
      for (const [index, entry] of series.entries()) {
        const kl = run.isBaseline ? 0 : (byPrompt.get(index) ?? null);
        row[entry.dataKey] = kl;
        if (kl !== null && kl > highest) highest = kl;
      }
      return row;
    })
    .sort((a, b) => a.t - b.t || a.runId - b.runId);
  return { rows, series, yDomain: [0, Math.max(highest, threshold) * 1.1], threshold };
}
