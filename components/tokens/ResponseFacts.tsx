import type { ResponseDetail } from "@/lib/queries/getResponse";

/** Where the response came from: model, provider, time, finish reason, source format, tags. */
export function ResponseFactsCard({ detail }: { detail: ResponseDetail }) {
  const occurred = new Date(detail.occurredAt);
  const facts: Array<[string, string | null]> = [
    ["Model", detail.model],
    ["Provider", detail.provider],
    ["Time", occurred.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" })],
    ["Finish reason", detail.finishReason],
    ["Source format", detail.sourceFormat],
    ["External id", detail.externalId],
    ["Sample", detail.sampleIndex > 0 ? String(detail.sampleIndex) : null],
  ];
  return (
    <section className="card p-4" aria-labelledby="facts-heading">
      <h2 id="facts-heading" className="mb-3 text-sm font-semibold text-slate-800">
        Response
      </h2>
      <dl className="grid grid-cols-[7rem_minmax(0,1fr)] gap-x-3 gap-y-1.5 text-xs">
        {facts
          .filter((fact): fact is [string, string] => fact[1] !== null && fact[1] !== "")
          .map(([label, value]) => (
            <div key={label} className="contents">
              <dt className="text-slate-500">{label}</dt>
              <dd className="break-words font-medium text-slate-800" title={label === "Time" ? detail.occurredAt : undefined}>
                {value}
              </dd>
            </div>
          ))}
        <dt className="text-slate-500">Tags</dt>
        <dd className="flex flex-wrap gap-1">
          {detail.tags.length === 0 ? <span className="text-slate-500">none</span> : null}
          {detail.tags.map((tag) => (
            <span key={tag} className="rounded-full bg-indigo-50 px-2 py-0.5 font-medium text-indigo-700">
              {tag}
            </span>
          ))}
        </dd>
      </dl>
    </section>
  );
}

/** A JSON object (request parameters, metadata) as a key/value list; nested values as JSON. */
export function KeyValueCard({ title, value, empty }: { title: string; value: unknown; empty: string }) {
  const entries = value !== null && typeof value === "object" && !Array.isArray(value) ? Object.entries(value) : [];
  return (
    <section className="card p-4">
      <h2 className="mb-2 text-sm font-semibold text-slate-800">{title}</h2>
      {entries.length === 0 ? (
        <p className="text-xs text-slate-500">{empty}</p>
      ) : (
        <dl className="grid grid-cols-[minmax(0,9rem)_minmax(0,1fr)] gap-x-3 gap-y-1 text-xs">
          {entries.map(([key, entry]) => (
            <div key={key} className="contents">
              <dt className="truncate font-mono text-slate-500" title={key}>
                {key}
              </dt>
              <dd className="whitespace-pre-wrap break-words font-mono text-slate-800">
                {typeof entry === "string" ? entry : JSON.stringify(entry)}
              </dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}
