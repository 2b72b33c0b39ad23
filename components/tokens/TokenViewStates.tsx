import Link from "next/link";

/** Back to the responses list, keeping its filters (the caller builds the href). */
export function BackLink({ href }: { href: string }) {
  return (
    <Link href={href} className="inline-flex items-center gap-1 text-sm font-medium text-slate-500 hover:text-indigo-700">
      <span aria-hidden>←</span> Responses
    </Link>
  );
}

/** Shown while the response loads: the page's shape, so nothing jumps when it arrives. */
export function TokenViewSkeleton({ backHref }: { backHref?: string }) {
  return (
    <div className="space-y-5" aria-busy="true" aria-live="polite">
      <div className="space-y-2">
        {backHref ? <BackLink href={backHref} /> : <div className="h-5 w-24" />}
        <div className="h-7 w-72 animate-pulse rounded bg-slate-200" />
      </div>
      <p className="sr-only">Loading the response…</p>
      <div className="grid items-start gap-5 lg:grid-cols-[minmax(0,1fr)_360px]">
        <div className="card space-y-3 p-4">
          <div className="h-7 w-80 animate-pulse rounded bg-slate-100" />
          {[92, 100, 85, 97, 60].map((width, i) => (
            <div key={i} className="h-4 animate-pulse rounded bg-slate-100" style={{ width: `${width}%` }} />
          ))}
        </div>
        <div className="space-y-5">
          <div className="card h-40 animate-pulse" />
          <div className="card h-64 animate-pulse" />
        </div>
      </div>
    </div>
  );
}

/** Not found, or a failed load (with a retry). */
export function TokenViewMessage({ backHref, title, detail, onRetry }: { backHref: string; title: string; detail: string; onRetry?: () => void }) {
  return (
    <div className="space-y-4">
      <BackLink href={backHref} />
      <div role="alert" className="card mx-auto max-w-lg px-6 py-10 text-center">
        <h1 className="text-lg font-semibold text-slate-900">{title}</h1>
        <p className="mt-1 text-sm text-slate-500">{detail}</p>
        <div className="mt-5 flex justify-center gap-3">
          {onRetry ? (
            <button type="button" onClick={onRetry} className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-700">
              Try again
            </button>
          ) : null}
          <Link href={backHref} className="rounded-md border border-slate-200 px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100">
            Back to responses
          </Link>
        </div>
      </div>
    </div>
  );
}
