import { Definition } from "@/components/definitions/Definition";
import { flagCondition } from "@/components/responses/formatMetric";
import { flagName, type ResponseFlag } from "@/lib/metrics/flags";
import type { ResponseDetail } from "@/lib/queries/getResponse";
import { formatCount, formatNumber } from "./formatSignal";
import { METRIC_DEFINITIONS, metricInputs } from "./metricDefinitions";

/**
 * The response's metrics, each with its definition on hover or keyboard focus. The count of
 * probability-0 tokens is the whole response's (the detail's), not the loaded pages'.
 */
export function MetricsCard({ metrics, zeroProbabilityTokens }: { metrics: ResponseDetail["metrics"]; zeroProbabilityTokens: number }) {
  const inputs = metricInputs(metrics, zeroProbabilityTokens);
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
              <span className="font-medium text-rose-800" data-rule={flag.rule}>
                {flagName(flag.rule)}
              </span>
              <span className="tabular-nums text-rose-700" title={flagCondition(flag)}>
                {Number.isInteger(flag.value) ? formatCount(flag.value) : formatNumber(flag.value, 3)} <span className="text-rose-700">({flagCondition(flag)})</span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
