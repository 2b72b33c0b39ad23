import { renormalize } from "./labelScores";
import { NLL_PROBABILITY_FLOOR } from "./calibration";

/**
 * Temperature scaling (Guo et al. 2017): p_i(T) ∝ exp(lp_i / T) over the labels, one T > 0 for
 * the task, fitted to minimize the NLL of the true labels on a holdout. The NLL is convex in
 * β = 1/T, so a golden-section search over β in [1/MAX_T, 1/MIN_T] finds the minimum.
 *
 * Holdout (deterministic): labelled items in (occurredAt, response id) order; those at even
 * positions (0, 2, 4, …) fit T, those at odd positions are scored with it (`splitHoldout`).
 */
export const MIN_TEMPERATURE = 0.05;
export const MAX_TEMPERATURE = 20;

export interface LogprobItem {
  logprobs: readonly number[];
  truth: number;
}

export function scaledProbabilities(logprobs: readonly number[], temperature: number): number[] {
  return renormalize(logprobs.map((lp) => lp / temperature));
}

export function temperatureNll(items: readonly LogprobItem[], temperature: number): number {
  if (items.length === 0) return 0;
  let total = 0;
  for (const item of items) {
    const p = scaledProbabilities(item.logprobs, temperature)[item.truth] ?? 0;
    total -= Math.log(Math.max(p, NLL_PROBABILITY_FLOOR));
  }
  return total / items.length;
}

/** T minimizing the mean NLL of `items` (1 when there is nothing to fit on). */
export function fitTemperature(items: readonly LogprobItem[]): number {
  if (items.length === 0) return 1;
  const nllAt = (beta: number) => temperatureNll(items, 1 / beta);
  const ratio = (Math.sqrt(5) - 1) / 2;
  let low = 1 / MAX_TEMPERATURE;
  let high = 1 / MIN_TEMPERATURE;
  let x1 = high - ratio * (high - low);
  let x2 = low + ratio * (high - low);
  let f1 = nllAt(x1);
  let f2 = nllAt(x2);
  for (let i = 0; i < 80 && high - low > 1e-9; i++) {
    if (f1 <= f2) {
      high = x2;
      x2 = x1;
      f2 = f1;
      x1 = high - ratio * (high - low);
      f1 = nllAt(x1);
    } else {
      low = x1;
      x1 = x2;
      f1 = f2;
      x2 = low + ratio * (high - low);
      f2 = nllAt(x2);
    }
  }
  return 1 / ((low + high) / 2);
}

/** The deterministic holdout split of items already in (occurredAt, id) order: even positions fit, odd ones evaluate. */
export function splitHoldout<T>(items: readonly T[]): { fit: T[]; evaluate: T[] } {
  return { fit: items.filter((_, i) => i % 2 === 0), evaluate: items.filter((_, i) => i % 2 === 1) };
}
