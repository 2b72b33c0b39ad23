import { useId } from "react";
import { FLAG_RULES, type ResponseFlag } from "@/lib/metrics/flags";
import type { ResponseDetail } from "@/lib/queries/getResponse";
import { formatCount, formatNumber } from "./formatSignal";
import { METRIC_DEFINITIONS, metricInputs } from "./metricDefinitions";

/** The response's metrics, each with its definition on hover or keyboard focus. */
export function MetricsCard({ metrics, tokens }: { metrics: ResponseDetail["metrics"]; tokens: ResponseDetail["tokens"] }) {
  const inputs = metricInputs(metrics, tokens);
  return (
    <section className="card p-4" aria-labelledby="metrics-heading">
      <h2 id="metrics-heading" className="mb-3 text-sm font-semibold text-slate-800">
        Metrics
      </h2>
      <dl className="grid grid-cols-2 gap-x-4 gap-y-2.5">
        {METRIC_DEFINITIONS.map((metric, i) => (
          <div key={metric.name} className="min-w-0">
            <dt>
              <Definition label={metric.label} definition={metric.definition} align={i % 2 === 0 ? "left" : "right"} />
            </dt>
            <dd data-testid={`metric-${metric.name}`} className="text-sm font-semibold tabular-nums text-slate-900">
              {metric.format(metric.value(inputs))}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/** A label whose definition shows on hover and on keyboard focus (a title would skip keyboards). */
export function Definition({ label, definition, align }: { label: string; definition: string; align: "left" | "right" }) {
  const id = useId();
  return (
    <span className="group relative inline-block">
      <span
        tabIndex={0}
        aria-describedby={id}
        className="cursor-help text-xs text-slate-500 underline decoration-slate-300 decoration-dotted underline-offset-2 outline-none focus-visible:text-indigo-700"
      >
        {label}
      </span>
      <span
        id={id}
        role="tooltip"
        className={`pointer-events-none invisible absolute ${align === "left" ? "left-0" : "right-0"} top-full z-30 mt-1 w-64 rounded-md bg-slate-900 px-2.5 py-1.5 text-xs leading-snug text-white opacity-0 shadow-lg transition-opacity group-focus-within:visible group-focus-within:opacity-100 group-hover:visible group-hover:opacity-100`}
      >
        {definition}
      </span>
    </span>
  );
}

const RULE_LABELS = new Map<string, string>(FLAG_RULES.map((rule) => [rule.rule, rule.label]));

/** The anomaly rules this response fired, with the value that fired them. */
export function FlagsCard({ flags }: { flags: readonly ResponseFlag[] }) {
  return (
    <section className="card p-4" aria-labelledby="flags-heading">
      <h2 id="flags-heading" className="mb-2 text-sm font-semibold text-slate-800">
        Flags
      </h2>
      {flags.length === 0 ? (
        <p className="text-xs text-slate-500">No rule fired.</p>
      ) : (
        <ul className="space-y-1.5">
          {flags.map((flag) => (
            <li key={flag.rule} data-testid="flag" className="flex items-baseline justify-between gap-3 rounded-md bg-rose-50 px-2.5 py-1.5 text-xs">
              <span className="font-medium text-rose-800">{flag.rule}</span>
              <span className="tabular-nums text-rose-700" title={RULE_LABELS.get(flag.rule)}>
                {Number.isInteger(flag.value) ? formatCount(flag.value) : formatNumber(flag.value, 3)} <span className="text-rose-700">({RULE_LABELS.get(flag.rule) ?? `threshold ${flag.threshold}`})</span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
