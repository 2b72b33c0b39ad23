import type { ReactNode } from "react";
import { CONNECTION_LOST, isConnectionError } from "@/components/data/lastGood";

export interface PanelState {
  isPending: boolean;
  error: Error | null;
  /** The data shown is the last good answer; the latest request failed. */
  stale?: boolean;
}

/** A titled card with the panel's loading, error and stale states in one place. */
export function Panel({ title, subtitle, actions, children, testId, state }: {
  title: string;
  subtitle?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  testId?: string;
  state?: PanelState;
}) {
  return (
    <section className="card flex min-w-0 flex-col p-4" data-testid={testId} aria-label={title} data-stale={state?.stale ? "true" : undefined}>
      <header className="mb-3 flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h2 className="text-sm font-semibold text-slate-800">{title}</h2>
          {subtitle ? <p className="mt-0.5 text-xs text-slate-600">{subtitle}</p> : null}
        </div>
        {actions}
      </header>
      {state?.stale ? (
        <>
          <p role="status" data-testid="panel-stale" className="mb-2 rounded bg-amber-50 px-2 py-1 text-xs text-amber-900">
            {isConnectionError(state.error) ? CONNECTION_LOST : `Could not refresh: ${state.error?.message}`} · showing the last data loaded
          </p>
          <div className="opacity-60">{children}</div>
        </>
      ) : state?.error ? (
        <p role="alert" className="text-sm text-red-700">
          {isConnectionError(state.error) ? CONNECTION_LOST : `Could not load: ${state.error.message}`}
        </p>
      ) : state?.isPending ? (
        <div className="h-48 animate-pulse rounded bg-slate-100" aria-busy="true" />
      ) : (
        children
      )}
    </section>
  );
}
