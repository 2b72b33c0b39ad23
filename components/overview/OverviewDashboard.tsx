"use client";

import { useFacets, useKpis } from "@/components/data/queries";
import { RangeHint } from "@/components/filters/RangeHint";
import { useDashboardFilters } from "@/components/filters/useDashboardFilters";
import { ResponseFilters } from "@/components/responses/ResponseFilters";
import { AlertFeed } from "./AlertFeed";
import { AvgLogprobChart } from "./AvgLogprobChart";
import { EmptyProject } from "./EmptyProject";
import { KpiTiles } from "./KpiTiles";
import { MetricHistogram } from "./MetricHistogram";
import { PositionHeatmap } from "./PositionHeatmap";

export function OverviewDashboard() {
  const { filters, setFilters } = useDashboardFilters();
  const facets = useFacets(filters.project);
  const kpis = useKpis(filters);
  // No model seen means no response at all: setup help instead of empty charts.
  const emptyProject = facets.data !== undefined && facets.data.models.length === 0;
  const emptyRange = kpis.data?.current.responses === 0;
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold tracking-tight">Overview</h1>
      <ResponseFilters explorerControls={false} />
      {emptyProject ? (
        <EmptyProject project={filters.project ?? facets.data?.projectId} />
      ) : (
        <>
          {emptyRange && (
            <div className="card px-4 py-3" data-testid="overview-empty-range">
              <p className="text-sm font-medium text-slate-900">Nothing in this project for the time range.</p>
              <RangeHint filters={filters} onShow={(range) => setFilters({ range: "custom", ...range })} className="mt-1" />
            </div>
          )}
          <KpiTiles filters={filters} />
          <div className="grid gap-4 xl:grid-cols-3">
            <div className="min-w-0 xl:col-span-2">
              <AvgLogprobChart filters={filters} />
            </div>
            <AlertFeed filters={filters} />
          </div>
          <div className="grid gap-4 lg:grid-cols-2">
            <MetricHistogram filters={filters} />
            <PositionHeatmap filters={filters} />
          </div>
        </>
      )}
    </div>
  );
}
