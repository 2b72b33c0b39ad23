"use client";

import type { AlertDto } from "@/lib/alerts/listAlerts";

interface DetectorAlertsCardProps {
  alerts: readonly AlertDto[];
  /** The alert whose evidence is outlined, if any. */
  selectedId: number | null;
  onSelect: (id: number | null) => void;
  onJump: (position: number) => void;
}

/** The detectors that fired on this response: pick one to outline its evidence tokens. */
export function DetectorAlertsCard({ alerts, selectedId, onSelect, onJump }: DetectorAlertsCardProps) {
  return (
    <section className="card p-4" aria-labelledby="detectors-heading" data-testid="detector-alerts">
      <h2 id="detectors-heading" className="mb-2 text-sm font-semibold text-slate-800">
        Detector alerts
      </h2>
      {alerts.length === 0 ? (
        <p className="text-xs text-slate-600">No detector alert on this response.</p>
      ) : (
        <ul className="space-y-1.5">
          {alerts.map((alert) => {
            const selected = alert.id === selectedId;
            const first = alert.evidence.positions[0];
            return (
              <li key={alert.id} className="flex flex-wrap items-center justify-between gap-2 rounded-md bg-slate-50 px-2.5 py-1.5 text-xs">
                <button
                  type="button"
                  aria-pressed={selected}
                  data-testid="detector-alert"
                  data-detector={alert.detector}
                  onClick={() => onSelect(selected ? null : alert.id)}
                  className={`rounded px-1.5 py-0.5 font-medium ${selected ? "bg-rose-700 text-white" : "text-rose-800 hover:bg-rose-100"}`}
                >
                  {alert.name}
                </button>
                <span className="text-slate-700">
                  {alert.evidence.positions.length > 0 ? `${alert.evidence.positions.length} token${alert.evidence.positions.length === 1 ? "" : "s"}` : "whole response"} · {alert.status}
                </span>
                {selected && first !== undefined ? (
                  <button type="button" className="text-indigo-700 underline-offset-2 hover:underline" onClick={() => onJump(first)}>
                    Go to token #{first}
                  </button>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
