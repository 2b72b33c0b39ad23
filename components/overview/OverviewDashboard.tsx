"use client";

import { useDashboardFilters } from "@/components/filters/useDashboardFilters";
import { ResponseFilters } from "@/components/responses/ResponseFilters";
import { AlertFeed } from "./AlertFeed";
import { AvgLogprobChart } from "./AvgLogprobChart";
import { KpiTiles } from "./KpiTiles";
import { MetricHistogram } from "./MetricHistogram";
import { PositionHeatmap } from "./PositionHeatmap";

export function OverviewDashboard() {
  const { filters } = useDashboardFilters();
  return (
    <div className="space-y-4">
      <ResponseFilters explorerControls={false} />
      <KpiTiles filters={filters} />
      <div className="grid gap-4 xl:grid-cols-3">
        <div className="xl:col-span-2">
          <AvgLogprobChart filters={filters} />
        </div>
        <AlertFeed filters={filters} />
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <MetricHistogram filters={filters} />
        <PositionHeatmap filters={filters} />
      </div>
    </div>
  );
}
