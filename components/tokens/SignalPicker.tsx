"use client";

import { SIGNAL_SCALES, TOKEN_SIGNALS, legendGradient, type TokenSignal } from "./confidenceScale";
import { SIGNAL_DEFINITIONS } from "./metricDefinitions";
import styles from "./tokenText.module.css";

const SIGNAL_TITLES: Record<TokenSignal, string> = {
  probability: SIGNAL_DEFINITIONS.probability,
  logprob: SIGNAL_DEFINITIONS.logprob,
  entropy: SIGNAL_DEFINITIONS.entropyBits,
  margin: SIGNAL_DEFINITIONS.margin,
};

/** Segmented control choosing the signal that colours the tokens. */
export function SignalPicker({ signal, onChange }: { signal: TokenSignal; onChange: (signal: TokenSignal) => void }) {
  return (
    <div role="group" aria-label="Colour tokens by" className="inline-flex max-w-full flex-wrap rounded-md bg-slate-100 p-0.5 text-xs font-medium">
      {TOKEN_SIGNALS.map((option) => (
        <button
          key={option}
          type="button"
          aria-pressed={option === signal}
          title={SIGNAL_TITLES[option]}
          data-testid={`signal-${option}`}
          onClick={() => onChange(option)}
          className={`rounded px-2.5 py-1 transition-colors ${option === signal ? "bg-white text-slate-900 shadow-sm" : "text-slate-600 hover:text-slate-900"}`}
        >
          {SIGNAL_SCALES[option].label}
        </button>
      ))}
    </div>
  );
}

/** The scale for the chosen signal: gradient, ticks in the signal's unit, and the "no value" swatch. */
export function SignalLegend({ signal }: { signal: TokenSignal }) {
  const scale = SIGNAL_SCALES[signal];
  const [low, high] = scale.domain;
  return (
    <div className="flex max-w-full flex-wrap items-end gap-x-3 text-[11px] text-slate-500" aria-label={`${scale.label} colour scale`}>
      <div className="w-56 max-w-full">
        <div className="h-2.5 rounded-sm ring-1 ring-slate-200" style={{ background: legendGradient(signal) }} />
        <div className="relative mt-0.5 h-3.5">
          {scale.ticks.map((tick) => (
            <span
              key={tick}
              className="absolute -translate-x-1/2 whitespace-nowrap tabular-nums first:translate-x-0 last:-translate-x-full"
              style={{ left: `${((tick - low) / (high - low)) * 100}%` }}
            >
              {scale.formatTick(tick)}
            </span>
          ))}
        </div>
      </div>
      <div className="flex items-center gap-1 pb-3.5">
        <span className={`inline-block h-2.5 w-4 rounded-sm ring-1 ring-slate-200 ${styles.missing}`} />
        n/a
      </div>
      <span className="pb-3.5">darker = less confident</span>
    </div>
  );
}
