"use client";

import Link from "next/link";
import { useLastGood } from "@/components/data/lastGood";
import { useAlerts } from "@/components/data/queries";
import type { DashboardFilters } from "@/components/filters/dashboardFilters";
import { formatDetectorValue } from "@/components/format/number";
import { flagCondition, flagShortLabel } from "@/components/responses/formatMetric";
import { Panel } from "./Panel";

/** The newest flagged responses with the reasons, each linking to its token view. */
export function AlertFeed({ filters }: { filters: DashboardFilters }) {
  const query = useLastGood(useAlerts(filters, 20));
  const projectSuffix = filters.project ? `?project=${encodeURIComponent(filters.project)}` : "";
  return (
    <Panel title="Alert feed" subtitle="Newest flagged responses (default rules, README → Flags)" testId="panel-alerts" state={query}>
      {query.data && query.data.data.length === 0 ? (
        <p className="py-16 text-center text-sm text-slate-600">No flagged responses in this range.</p>
      ) : (
        <ul className="-mx-2 max-h-[26rem] divide-y divide-slate-100 overflow-y-auto">
          {query.data?.data.map((alert) => (
            <li key={alert.id}>
              <Link href={`/responses/${alert.id}${projectSuffix}`} className="block rounded px-2 py-2 hover:bg-slate-50" data-testid="alert-item">
                <div className="flex items-center justify-between gap-2 text-xs text-slate-600">
                  <span className="truncate font-medium text-slate-700">{alert.model}</span>
                  <time dateTime={alert.occurredAt}>{new Date(alert.occurredAt).toLocaleString()}</time>
                </div>
                <div className="mt-1 flex flex-wrap gap-1">
                  {alert.flags.map((flag) => (
                    <span key={flag.rule} className="rounded bg-amber-100 px-1.5 py-0.5 text-[11px] text-amber-900" title={flagCondition(flag)} data-testid="alert-flag" data-rule={flag.rule}>
                      {flagShortLabel(flag.rule)} = {formatDetectorValue(flag.value)}
                    </span>
                  ))}
                </div>
                <p className="mt-1 line-clamp-2 text-xs text-slate-600">{alert.preview}</p>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
