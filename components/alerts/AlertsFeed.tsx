"use client";

import { useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useMemo, useState, type ReactNode } from "react";
import { sendJson } from "@/components/data/apiClient";
import { useAlertsList, useFacets } from "@/components/data/queries";
import { pushSearch } from "@/components/filters/useDashboardFilters";
import { formatDetectorValue } from "@/components/format/number";
import { CONTROL_CLASS } from "@/components/responses/ResponseFilters";
import type { AlertStatus } from "@/lib/alerts/alertSchemas";
import { ALERT_DETECTORS } from "@/lib/metrics/detectors/settings";
import { flagName } from "@/lib/metrics/flags";
import { ALERT_RANGES, alertFiltersFromSearch, alertFiltersToSearch, type AlertFilters } from "./alertFilters";
import { alertHref } from "./alertHref";

const SEVERITY_CLASS: Record<string, string> = {
  critical: "bg-rose-700 text-white",
  warning: "bg-amber-100 text-amber-900",
  info: "bg-slate-100 text-slate-800",
};
const STATUS_CLASS: Record<AlertStatus, string> = {
  open: "text-rose-800",
  acknowledged: "text-amber-800",
  resolved: "text-emerald-800",
};

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="flex flex-col gap-1">
      <span className="text-xs font-medium text-slate-600">{label}</span>
      {children}
    </label>
  );
}

/**
 * /alerts: stored detector alerts, newest first, filtered by status, detector, model and time
 * (kept in the URL), refreshed every few seconds; select rows to acknowledge, resolve or reopen them.
 */
export function AlertsFeed() {
  const searchParams = useSearchParams();
  const project = searchParams.get("project") ?? undefined;
  const filters = useMemo(() => alertFiltersFromSearch(new URLSearchParams(searchParams.toString())), [searchParams]);
  const [cursors, setCursors] = useState<string[]>([]);
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  // The pages walked belong to the filters in the URL: any change of them (a control, Back,
  // Forward) starts again from the newest page.
  const filterKey = searchParams.toString();
  const [pagedKey, setPagedKey] = useState(filterKey);
  if (pagedKey !== filterKey) {
    setPagedKey(filterKey);
    setCursors([]);
    setSelected(new Set());
  }
  const cursor = cursors.at(-1);
  const query = useAlertsList(filters, project, cursor);
  const facets = useFacets(project);
  const client = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  const alerts = query.data?.data ?? [];
  const visibleSelected = alerts.filter((a) => selected.has(a.id)).map((a) => a.id);

  const setFilters = (next: Partial<AlertFilters>) => {
    pushSearch(alertFiltersToSearch({ ...filters, ...next }, new URLSearchParams(window.location.search)).toString());
  };
  const toggle = (id: number) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const toggleAll = () => setSelected(visibleSelected.length === alerts.length ? new Set() : new Set(alerts.map((a) => a.id)));

  const changeStatus = async (status: AlertStatus) => {
    if (visibleSelected.length === 0) return;
    setBusy(true);
    setMessage(null);
    try {
      const suffix = project ? `?project=${encodeURIComponent(project)}` : "";
      const result = await sendJson<{ updated: number[] }>("PATCH", `/api/v1/alerts${suffix}`, { ids: visibleSelected, status });
      setMessage(`${result.updated.length} alert${result.updated.length === 1 ? "" : "s"} marked ${status}.`);
      setSelected(new Set());
      await client.invalidateQueries({ queryKey: ["alerts"] });
    } catch (error) {
      setMessage(`Could not change the alerts: ${(error as Error).message}`);
    } finally {
      setBusy(false);
    }
  };

  const models = facets.data?.models ?? [];
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-xl font-semibold tracking-tight">Alerts</h1>
        <nav className="flex gap-3 text-sm" aria-label="Detection">
          {[["/triage", "Triage"], ["/alerts/quality", "Rule quality"], ["/alerts/thresholds", "Thresholds"]].map(([path, label]) => (
            <Link key={path} className="text-indigo-700 underline" href={`${path}${project ? `?project=${encodeURIComponent(project)}` : ""}`}>
              {label}
            </Link>
          ))}
        </nav>
      </div>
      <div className="card flex flex-wrap items-end gap-3 p-3" role="search" aria-label="Filter alerts">
        <Field label="Status">
          <select data-testid="alerts-status" className={CONTROL_CLASS} value={filters.status} onChange={(e) => setFilters({ status: e.target.value as AlertFilters["status"] })}>
            <option value="">All statuses</option>
            <option value="open">Open</option>
            <option value="acknowledged">Acknowledged</option>
            <option value="resolved">Resolved</option>
          </select>
        </Field>
        <Field label="Detector">
          <select data-testid="alerts-detector" className={`${CONTROL_CLASS} max-w-56`} value={filters.detector} onChange={(e) => setFilters({ detector: e.target.value as AlertFilters["detector"] })}>
            <option value="">All detectors</option>
            {ALERT_DETECTORS.map((name) => (
              <option key={name} value={name}>
                {flagName(name)}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Model">
          <select data-testid="alerts-model" className={`${CONTROL_CLASS} max-w-56`} value={filters.model} onChange={(e) => setFilters({ model: e.target.value })}>
            <option value="">All models</option>
            {(filters.model && !models.includes(filters.model) ? [filters.model, ...models] : models).map((model) => (
              <option key={model} value={model}>
                {model}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Time">
          <select data-testid="alerts-range" className={CONTROL_CLASS} value={filters.range} onChange={(e) => setFilters({ range: e.target.value as AlertFilters["range"] })}>
            {ALERT_RANGES.map((range) => (
              <option key={range.value} value={range.value}>
                {range.label}
              </option>
            ))}
          </select>
        </Field>
      </div>

      <section className="card" aria-labelledby="alerts-heading">
        <div className="flex flex-wrap items-center gap-2 border-b border-slate-100 px-3 py-2">
          <h2 id="alerts-heading" className="sr-only">
            Alert list
          </h2>
          <label className="flex items-center gap-2 text-sm text-slate-700">
            <input type="checkbox" data-testid="alerts-select-all" checked={alerts.length > 0 && visibleSelected.length === alerts.length} onChange={toggleAll} disabled={alerts.length === 0} />
            Select all
          </label>
          <span className="text-sm text-slate-600" data-testid="alerts-selected">
            {visibleSelected.length} selected
          </span>
          <div className="ml-auto flex flex-wrap gap-2">
            {(["acknowledged", "resolved", "open"] as const).map((status) => (
              <button
                key={status}
                type="button"
                data-testid={`alerts-mark-${status}`}
                disabled={busy || visibleSelected.length === 0}
                onClick={() => void changeStatus(status)}
                className="rounded-md border border-slate-300 px-2.5 py-1 text-sm font-medium text-slate-800 hover:bg-slate-100 disabled:text-slate-500 disabled:hover:bg-transparent"
              >
                {status === "acknowledged" ? "Acknowledge" : status === "resolved" ? "Resolve" : "Reopen"}
              </button>
            ))}
          </div>
        </div>
        <p role="status" className="px-3 text-sm text-slate-700" data-testid="alerts-message">
          {message}
        </p>
        {query.isError ? (
          <p className="px-3 py-8 text-center text-sm text-rose-800">Could not load alerts: {query.error.message}</p>
        ) : query.data && alerts.length === 0 ? (
          <p className="px-3 py-12 text-center text-sm text-slate-600" data-testid="alerts-empty">
            No alerts match these filters.
          </p>
        ) : (
          <ul className="divide-y divide-slate-100" data-testid="alerts-list" aria-busy={query.isFetching}>
            {alerts.map((alert) => (
              <li key={alert.id} data-testid="alert-row" data-alert-id={alert.id} data-detector={alert.detector} data-status={alert.status} className="flex items-start gap-3 px-3 py-2.5">
                <input type="checkbox" className="mt-1" aria-label={`Select alert ${alert.id}`} checked={selected.has(alert.id)} onChange={() => toggle(alert.id)} />
                <div className="min-w-0 flex-1">
                  <div className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
                    <span className={`rounded px-1.5 py-0.5 text-[11px] font-medium ${SEVERITY_CLASS[alert.severity] ?? SEVERITY_CLASS.info}`}>{alert.severity}</span>
                    <span className="font-medium text-slate-900">{alert.name}</span>
                    <span className="tabular-nums text-slate-700">
                      {formatDetectorValue(alert.value)} <span className="text-slate-600">(threshold {formatDetectorValue(alert.threshold)})</span>
                    </span>
                    <span className={`text-xs font-medium ${STATUS_CLASS[alert.status]}`} data-testid="alert-status">
                      {alert.status}
                    </span>
                  </div>
                  <div className="mt-0.5 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-600">
                    <span className="max-w-full truncate font-mono">{alert.model}</span>
                    <time dateTime={alert.occurredAt}>{new Date(alert.occurredAt).toLocaleString()}</time>
                    <Link href={alertHref(alert, project)} className="font-medium text-indigo-700 underline-offset-2 hover:underline" data-testid="alert-link">
                      {alert.responseId === null ? `Responses of ${alert.model}` : `Response #${alert.responseId}`}
                      {alert.evidence.positions.length > 0 ? ` · ${alert.evidence.positions.length} token${alert.evidence.positions.length === 1 ? "" : "s"}` : ""}
                    </Link>
                  </div>
                </div>
              </li>
            ))}
          </ul>
        )}
        <div className="flex items-center justify-between gap-2 border-t border-slate-100 px-3 py-2 text-sm">
          <button type="button" data-testid="alerts-newer" className="rounded-md px-2 py-1 text-slate-800 hover:bg-slate-100 disabled:text-slate-500" disabled={cursors.length === 0} onClick={() => setCursors((c) => c.slice(0, -1))}>
            Newer
          </button>
          <button
            type="button"
            data-testid="alerts-older"
            className="rounded-md px-2 py-1 text-slate-800 hover:bg-slate-100 disabled:text-slate-500"
            disabled={!query.data?.nextCursor}
            onClick={() => query.data?.nextCursor && setCursors((c) => [...c, query.data.nextCursor as string])}
          >
            Older
          </button>
        </div>
      </section>
    </div>
  );
}
