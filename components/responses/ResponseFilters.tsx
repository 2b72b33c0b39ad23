"use client";

import { useCallback, useState, type ReactNode } from "react";
import { useFacets } from "@/components/data/queries";
import { RANGE_PRESETS, resolveRange, type DashboardFilters, type RangePreset } from "@/components/filters/dashboardFilters";
import { customRange, customRangeProblem, toDatetimeLocal } from "./datetimeLocal";
import { SearchBox } from "./SearchBox";
import { useExplorerSearch } from "./useExplorerSearch";

export const RANGE_LABELS: Record<RangePreset, string> = {
  "1h": "Last hour",
  "24h": "Last 24 hours",
  "7d": "Last 7 days",
  "14d": "Last 14 days",
  "30d": "Last 30 days",
  "90d": "Last 90 days",
};

export const CONTROL_CLASS =
  "h-9 rounded-md border border-slate-300 bg-white px-2 text-sm text-slate-900 outline-none focus:border-indigo-600 focus:ring-2 focus:ring-indigo-600 disabled:bg-slate-50 disabled:text-slate-500";

export interface ResponseFiltersProps {
  /** Also show the explorer-only controls, "flagged only" and the text search (default true). */
  explorerControls?: boolean;
  className?: string;
}

/** The menu keeps the current value even before the facets arrive (or when it has no rows yet). */
const withCurrent = (options: string[], current: string | undefined) => (current && !options.includes(current) ? [current, ...options] : options);

function Field({ label, children, className = "" }: { label: string; children: ReactNode; className?: string }) {
  return (
    <label className={`flex flex-col gap-1 ${className}`}>
      <span className="text-xs font-medium text-slate-600">{label}</span>
      {children}
    </label>
  );
}

/**
 * The filter bar: project, time range (preset or custom), model, tag and, on the explorer,
 * "flagged only" and text search. Everything is read from and written to the URL, so a view
 * can be shared and survives a reload; any change returns the table to its first page.
 */
export function ResponseFilters({ explorerControls = true, className = "" }: ResponseFiltersProps) {
  const { filters, explorer, update } = useExplorerSearch();
  const facets = useFacets(filters.project);
  const project = filters.project ?? facets.data?.projectId ?? "";
  const projects = facets.data?.projects ?? [];
  const projectOptions = project && !projects.some((p) => p.id === project) ? [{ id: project, name: project, isDemo: false }, ...projects] : projects;
  const setFilters = useCallback((next: Partial<DashboardFilters>) => update({ filters: next }), [update]);
  const commitSearch = useCallback((q: string) => update({ explorer: { q: q || undefined } }), [update]);

  return (
    <div className={`card flex flex-wrap items-end gap-3 p-3 ${className}`} role="search" aria-label="Filter responses">
      <Field label="Project">
        <select
          data-testid="filter-project"
          className={`${CONTROL_CLASS} min-w-40`}
          value={project}
          onChange={(event) => setFilters({ project: event.target.value })}
        >
          {projectOptions.length === 0 && <option value="">Loading…</option>}
          {projectOptions.map((p) => (
            <option key={p.id} value={p.id}>
              {p.isDemo ? `${p.name} · demo` : p.name}
            </option>
          ))}
        </select>
      </Field>
      <RangeControl filters={filters} onChange={setFilters} />
      <Field label="Model">
        <select
          data-testid="filter-model"
          className={`${CONTROL_CLASS} max-w-64`}
          value={filters.model ?? ""}
          onChange={(event) => setFilters({ model: event.target.value || undefined })}
        >
          <option value="">All models</option>
          {withCurrent(facets.data?.models ?? [], filters.model).map((model) => (
            <option key={model} value={model}>
              {model}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Tag">
        <select
          data-testid="filter-tag"
          className={`${CONTROL_CLASS} max-w-48`}
          value={filters.tag ?? ""}
          onChange={(event) => setFilters({ tag: event.target.value || undefined })}
        >
          <option value="">All tags</option>
          {withCurrent(facets.data?.tags ?? [], filters.tag).map((tag) => (
            <option key={tag} value={tag}>
              {tag}
            </option>
          ))}
        </select>
      </Field>
      {explorerControls && (
        <>
          <label className="flex h-9 cursor-pointer select-none items-center gap-2 rounded-md border border-slate-300 bg-white px-3 text-sm has-[:checked]:border-indigo-300 has-[:checked]:bg-indigo-50 has-[:checked]:text-indigo-900 has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-indigo-600">
            <input
              type="checkbox"
              data-testid="filter-flagged"
              className="h-4 w-4 accent-indigo-600"
              checked={explorer.flagged}
              onChange={(event) => update({ explorer: { flagged: event.target.checked } })}
            />
            Flagged only
          </label>
          <Field label="Search" className="min-w-56 flex-1">
            <SearchBox value={explorer.q ?? ""} onCommit={commitSearch} />
          </Field>
        </>
      )}
    </div>
  );
}

/** Range presets, or "Custom" with two datetime-local inputs (applied once both are valid and ordered). */
function RangeControl({ filters, onChange }: { filters: DashboardFilters; onChange: (next: Partial<DashboardFilters>) => void }) {
  const custom = filters.range === "custom" && filters.from !== undefined && filters.to !== undefined;
  const fromText = custom ? toDatetimeLocal(filters.from as number) : "";
  const toText = custom ? toDatetimeLocal(filters.to as number) : "";
  const [draft, setDraft] = useState({ from: fromText, to: toText });
  const [seen, setSeen] = useState(`${fromText}|${toText}`);
  if (seen !== `${fromText}|${toText}`) {
    setSeen(`${fromText}|${toText}`);
    setDraft({ from: fromText, to: toText });
  }
  const problem = custom ? customRangeProblem(draft.from, draft.to) : null;
  const invalid = problem !== null;

  const editEnd = (end: "from" | "to", value: string) => {
    const next = { ...draft, [end]: value };
    setDraft(next);
    const range = customRange(next.from, next.to);
    if (range) onChange({ range: "custom", ...range });
  };

  return (
    <>
      <Field label="Time range">
        <select
          data-testid="filter-range"
          className={CONTROL_CLASS}
          value={filters.range}
          onChange={(event) => {
            const value = event.target.value;
            if (value === "custom") {
              // Start the custom range from what was on screen, then let the user edit it.
              onChange({ range: "custom", ...resolveRange(filters, Date.now()) });
            } else {
              onChange({ range: value as RangePreset, from: undefined, to: undefined });
            }
          }}
        >
          {(Object.keys(RANGE_PRESETS) as RangePreset[]).map((preset) => (
            <option key={preset} value={preset}>
              {RANGE_LABELS[preset]}
            </option>
          ))}
          <option value="custom">Custom…</option>
        </select>
      </Field>
      {custom && (
        <fieldset className="flex items-end gap-2" aria-describedby={invalid ? "custom-range-error" : undefined}>
          <legend className="sr-only">Custom time range</legend>
          <Field label="From">
            <input
              type="datetime-local"
              data-testid="filter-from"
              className={CONTROL_CLASS}
              value={draft.from}
              aria-invalid={invalid}
              onChange={(event) => editEnd("from", event.target.value)}
            />
          </Field>
          <Field label="To">
            <input
              type="datetime-local"
              data-testid="filter-to"
              className={CONTROL_CLASS}
              value={draft.to}
              aria-invalid={invalid}
              onChange={(event) => editEnd("to", event.target.value)}
            />
          </Field>
          {invalid && (
            <p id="custom-range-error" className="pb-2 text-xs text-orange-700" data-testid="custom-range-error">
              {problem}
            </p>
          )}
        </fieldset>
      )}
    </>
  );
}
