import type { NormalizedToken } from "@/lib/logprobs/types";
import { positionRange, uniquePositions, type DetectorFinding } from "./types";

export interface RepetitionLoopThresholds {
  /** Shortest n-gram (tokens) considered. */
  minN: number;
  /** Back-to-back occurrences needed (the first counts). */
  minRepeats: number;
}

export const REPETITION_LOOP_DEFAULTS: RepetitionLoopThresholds = { minN: 3, minRepeats: 3 };

/** Longest n-gram searched: loops of longer phrases repeat shorter sub-periods too or are rare. */
const MAX_N = 32;

interface Loop {
  start: number;
  end: number;
  n: number;
  repeats: number;
  /** Mean logprob of each repeat, in order (null where no token of the repeat has one). */
  meanLogprobs: Array<number | null>;
}

/**
 * The same token n-gram (n ≥ minN, compared by token text) repeated ≥ minRepeats times back to
 * back, with logprobs rising across the repeats: the last repeat's mean logprob is above the
 * first's (the model grows surer as it loops; a deliberate list of equal items does not).
 * -Infinity and missing logprobs are left out of a repeat's mean. Value: the most repeats.
 */
export function repetitionLoop(
  tokens: readonly NormalizedToken[],
  thresholds: RepetitionLoopThresholds = REPETITION_LOOP_DEFAULTS,
): DetectorFinding | null {
  const loops: Loop[] = [];
  const covered = new Uint8Array(tokens.length);
  const maxN = Math.min(MAX_N, Math.floor(tokens.length / Math.max(thresholds.minRepeats, 1)));
  for (let n = Math.max(1, thresholds.minN); n <= maxN; n++) {
    // run = how many consecutive positions j have token[j] === token[j - n]
    let run = 0;
    for (let j = n; j <= tokens.length; j++) {
      const same = j < tokens.length && (tokens[j] as NormalizedToken).token === (tokens[j - n] as NormalizedToken).token;
      if (same) {
        run++;
        continue;
      }
      const repeats = Math.floor((run + n) / n);
      if (repeats >= thresholds.minRepeats) {
        const start = j - run - n;
        const end = start + repeats * n;
        if (!covered[start]) {
          const loop = risingLoop(tokens, start, n, repeats);
          if (loop) {
            loops.push(loop);
            covered.fill(1, start, end);
          }
        }
      }
      run = 0;
    }
  }
  if (loops.length === 0) return null;
  loops.sort((a, b) => a.start - b.start);
  return {
    detector: "repetitionLoop",
    value: Math.max(...loops.map((loop) => loop.repeats)),
    threshold: thresholds.minRepeats,
    severity: "warning",
    evidence: {
      positions: uniquePositions(loops.flatMap((loop) => positionRange(loop.start, loop.end))),
      thresholds: { ...thresholds },
      loops: loops.map((loop) => ({ ...loop, text: tokens.slice(loop.start, loop.start + loop.n).map((t) => t.token).join("") })),
    },
  };
}

function risingLoop(tokens: readonly NormalizedToken[], start: number, n: number, repeats: number): Loop | null {
  const meanLogprobs: Array<number | null> = [];
  for (let r = 0; r < repeats; r++) {
    let sum = 0;
    let count = 0;
    for (let i = start + r * n; i < start + (r + 1) * n; i++) {
      const logprob = (tokens[i] as NormalizedToken).logprob;
      if (logprob !== null && Number.isFinite(logprob)) {
        sum += logprob;
        count++;
      }
    }
    meanLogprobs.push(count > 0 ? sum / count : null);
  }
  const first = meanLogprobs[0];
  const last = meanLogprobs[repeats - 1];
  if (first === null || first === undefined || last === null || last === undefined || !(last > first)) return null;
  return { start, end: start + repeats * n, n, repeats, meanLogprobs };
}
