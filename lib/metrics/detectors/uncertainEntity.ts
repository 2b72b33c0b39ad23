import type { NormalizedToken } from "@/lib/logprobs/types";
import { positionRange, uniquePositions, type DetectorFinding } from "./types";

export interface UncertainEntityThresholds {
  /** An entity fires when the mean logprob of its tokens is below this (nats). */
  maxMeanLogprob: number;
}

export const UNCERTAIN_ENTITY_DEFAULTS: UncertainEntityThresholds = { maxMeanLogprob: -3 };

export type EntityKind = "date" | "number" | "name";

export interface EntitySpan {
  kind: EntityKind;
  text: string;
  /** Token positions start..end-1 the entity's characters fall in. */
  start: number;
  end: number;
  meanLogprob: number;
}

const MONTH = "(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?";

/**
 * The entity rules, applied to the response text in this order (an earlier kind wins where
 * spans overlap), with no network model:
 * - date: ISO `2024-03-15`, `15/03/2024` or `3/15/24` (also with `.` or `-`), `March 15, 2024`,
 *   `15 March 2024`, `March 2024`;
 * - number: digits with optional sign, thousands separators, decimals and a trailing `%`
 *   (`-1,234.5%`, `1945`, `3.14`);
 * - name: a run of capitalized words (`Marie Curie`, `New York`), apostrophes and hyphens
 *   allowed inside; a lone capitalized word that opens a sentence (text start or after
 *   `.`, `!`, `?`, `:` or a line break), a lone `I`, and one-letter words are not names.
 */
const RULES: Array<{ kind: EntityKind; pattern: RegExp }> = [
  {
    kind: "date",
    pattern: new RegExp(
      `\\b\\d{4}-\\d{2}-\\d{2}\\b|\\b\\d{1,2}[/.-]\\d{1,2}[/.-]\\d{2,4}\\b|\\b${MONTH}\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4}\\b|\\b\\d{1,2}(?:st|nd|rd|th)?\\s+${MONTH}\\s+\\d{4}\\b|\\b${MONTH}\\s+\\d{4}\\b`,
      "g",
    ),
  },
  { kind: "number", pattern: /[-+]?\d+(?:[,.]\d+)*%?/g },
  { kind: "name", pattern: /(?<![\p{L}\p{N}])\p{Lu}[\p{Ll}\p{Lu}'’-]*\p{Ll}[\p{Ll}'’-]*(?:\s+\p{Lu}[\p{Ll}\p{Lu}'’-]*\p{Ll}[\p{Ll}'’-]*)*/gu },
];

/** Whether `text[from]` opens a sentence: only whitespace before it back to the text's start, a line break, or `.`, `!`, `?`, `:`. */
function opensSentence(text: string, from: number): boolean {
  let i = from - 1;
  for (; i >= 0 && /\s/.test(text[i] as string); i--) if (text[i] === "\n") return true;
  return i < 0 || ".!?:".includes(text[i] as string);
}

/** Character spans of the entities in `text`, earlier kinds first, no overlaps. */
export function entitySpans(text: string): Array<{ kind: EntityKind; from: number; to: number }> {
  const taken = new Uint8Array(text.length);
  const spans: Array<{ kind: EntityKind; from: number; to: number }> = [];
  for (const rule of RULES) {
    rule.pattern.lastIndex = 0;
    for (const match of text.matchAll(rule.pattern)) {
      const from = match.index;
      const to = from + match[0].length;
      if (taken.subarray(from, to).some((t) => t === 1)) continue;
      if (rule.kind === "name" && !/\s/.test(match[0]) && opensSentence(text, from)) continue;
      taken.fill(1, from, to);
      spans.push({ kind: rule.kind, from, to });
    }
  }
  return spans.sort((a, b) => a.from - b.from);
}

/**
 * Numbers, dates and capitalized names (entitySpans) whose tokens' mean logprob is below
 * `maxMeanLogprob`. An entity's tokens are those its characters fall in; -Infinity and missing
 * logprobs are left out of the mean (an entity with none is skipped). Value: the lowest mean.
 */
export function uncertainEntity(
  tokens: readonly NormalizedToken[],
  thresholds: UncertainEntityThresholds = UNCERTAIN_ENTITY_DEFAULTS,
): DetectorFinding | null {
  if (tokens.length === 0) return null;
  // Character offset where each token starts in the joined text.
  const starts: number[] = [];
  let text = "";
  for (const token of tokens) {
    starts.push(text.length);
    text += token.token;
  }
  const tokenAt = (offset: number): number => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((starts[mid] as number) <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  };
  const fired: EntitySpan[] = [];
  for (const span of entitySpans(text)) {
    const start = tokenAt(span.from);
    const end = tokenAt(span.to - 1) + 1;
    let sum = 0;
    let count = 0;
    for (let i = start; i < end; i++) {
      const logprob = (tokens[i] as NormalizedToken).logprob;
      if (logprob !== null && Number.isFinite(logprob)) {
        sum += logprob;
        count++;
      }
    }
    if (count === 0) continue;
    const meanLogprob = sum / count;
    if (meanLogprob < thresholds.maxMeanLogprob) fired.push({ kind: span.kind, text: text.slice(span.from, span.to), start, end, meanLogprob });
  }
  if (fired.length === 0) return null;
  return {
    detector: "uncertainEntity",
    value: Math.min(...fired.map((entity) => entity.meanLogprob)),
    threshold: thresholds.maxMeanLogprob,
    severity: "warning",
    evidence: {
      positions: uniquePositions(fired.flatMap((entity) => positionRange(entity.start, entity.end))),
      thresholds: { ...thresholds },
      entities: fired,
    },
  };
}
