import type { ReactNode } from "react";

/** A titled card with the panel's loading and error states in one place. */
export function Panel({ title, subtitle, actions, children, testId, state }: {
  title: string;
  subtitle?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  testId?: string;
  state?: { isPending: boolean; error: Error | null };
}) {
  return (
    <section className="card flex min-w-0 flex-col p-4" data-testid={testId} aria-label={title}>
      <header className="mb-3 flex items-start justify-between gap-3">
        <div>
          <h2 className="text-sm font-semibold text-slate-800">{title}</h2>
          {subtitle ? <p className="mt-0.5 text-xs text-slate-500">{subtitle}</p> : null}
        </div>
        {actions}
      </header>
      {state?.error ? (
        <p role="alert" className="text-sm text-red-700">Could not load: {state.error.message}</p>
      ) : state?.isPending ? (
        <div className="h-48 animate-pulse rounded bg-slate-100" aria-busy="true" />
      ) : (
        children
      )}
    </section>
  );
}
