import type { NormalizedToken } from "@/lib/logprobs/types";
import { compareGenerations, summarizePositions, type DriftSummary, type PositionComparison } from "@/lib/metrics/probeDrift";
import { tokenDto, type TokenDto } from "@/lib/queries/responseDto";

/** One generation of a run: prompt `promptIndex`, repeat `repeatIndex`. */
export interface ProbeSampleTokens {
  promptIndex: number;
  repeatIndex: number;
  tokens: NormalizedToken[];
}

export interface PromptDrift extends DriftSummary {
  promptIndex: number;
  /** Per repeat: the first position whose chosen token differs from the baseline's, null when none. */
  firstDivergences: Array<number | null>;
}

/** A position that moved, with the tokens around it on both sides (for the token view's components). */
export interface MovedPosition extends PositionComparison {
  promptIndex: number;
  repeatIndex: number;
  /** Whether this position is where the generations first diverged. */
  firstDivergence: boolean;
  /** Index of `position` in the windows below. */
  windowStart: number;
  baselineWindow: TokenDto[];
  runWindow: TokenDto[];
}

export interface RunComparison {
  baselineRunId: number;
  summary: DriftSummary;
  prompts: PromptDrift[];
  /** The positions with the highest KL (KL > 0), highest first. */
  movedPositions: MovedPosition[];
}

export const MOVED_POSITIONS_KEPT = 8;
/** Tokens of context shown before a moved position. */
const WINDOW_BEFORE = 7;

/**
 * Compares every generation of a run with the baseline's generation of the same prompt and
 * repeat (the baseline's repeat `r mod n` when it has fewer), aligned by compareGenerations.
 * The run's figures are position-weighted means over every compared position of every prompt.
 */
export function compareRun(baselineRunId: number, baseline: readonly ProbeSampleTokens[], run: readonly ProbeSampleTokens[]): RunComparison {
  const baselineByPrompt = new Map<number, ProbeSampleTokens[]>();
  for (const sample of baseline) {
    const list = baselineByPrompt.get(sample.promptIndex) ?? [];
    list.push(sample);
    baselineByPrompt.set(sample.promptIndex, list);
  }
  for (const list of baselineByPrompt.values()) list.sort((a, b) => a.repeatIndex - b.repeatIndex);

  const all: PositionComparison[] = [];
  const moved: MovedPosition[] = [];
  const byPrompt = new Map<number, { positions: PositionComparison[]; firstDivergences: Array<number | null> }>();
  for (const sample of [...run].sort((a, b) => a.promptIndex - b.promptIndex || a.repeatIndex - b.repeatIndex)) {
    const candidates = baselineByPrompt.get(sample.promptIndex);
    if (!candidates || candidates.length === 0) continue;
    const reference = candidates[sample.repeatIndex % candidates.length] as ProbeSampleTokens;
    const { positions, firstDivergence } = compareGenerations(reference.tokens, sample.tokens);
    const entry = byPrompt.get(sample.promptIndex) ?? { positions: [], firstDivergences: [] };
    entry.positions.push(...positions);
    entry.firstDivergences.push(firstDivergence);
    byPrompt.set(sample.promptIndex, entry);
    all.push(...positions);
    for (const position of positions) {
      if (!(position.kl > 0)) continue;
      const start = Math.max(0, position.position - WINDOW_BEFORE);
      moved.push({
        ...position,
        promptIndex: sample.promptIndex,
        repeatIndex: sample.repeatIndex,
        firstDivergence: position.position === firstDivergence,
        windowStart: start,
        baselineWindow: reference.tokens.slice(start, position.position + 1).map(tokenDto),
        runWindow: sample.tokens.slice(start, position.position + 1).map(tokenDto),
      });
    }
  }
  moved.sort((a, b) => b.kl - a.kl || a.promptIndex - b.promptIndex || a.position - b.position);
  return {
    baselineRunId,
    summary: summarizePositions(all),
    prompts: [...byPrompt.entries()].sort(([a], [b]) => a - b).map(([promptIndex, entry]) => ({ promptIndex, firstDivergences: entry.firstDivergences, ...summarizePositions(entry.positions) })),
    movedPositions: moved.slice(0, MOVED_POSITIONS_KEPT),
  };
}
