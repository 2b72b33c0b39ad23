"use client";

import { QueryState, SettingsCard } from "./controls";
import { compactJson, formatTimestamp } from "./format";
import { useAuditLog } from "./settingsQueries";

/** The newest 100 settings changes across the instance. Instance admins only (the API answers 403 otherwise). */
export function AuditLogSection() {
  const audit = useAuditLog();
  return (
    <SettingsCard title="Audit log" subtitle="The newest 100 settings changes: accounts, projects, keys and members. Secrets are never logged." testId="audit-log">
      <QueryState isPending={audit.isPending} error={audit.error}>
        {audit.data && audit.data.length > 0 ? (
          // Focusable, so keyboard users can scroll the log (axe: scrollable-region-focusable).
          <div className="max-h-[28rem] overflow-auto" tabIndex={0} role="region" aria-label="Audit log entries">
            <table className="w-full text-left text-sm">
              <thead className="sticky top-0 bg-white text-xs text-slate-500">
                <tr>
                  <th className="py-1 pr-3 font-medium">Time</th>
                  <th className="pr-3 font-medium">Who</th>
                  <th className="pr-3 font-medium">Project</th>
                  <th className="pr-3 font-medium">Action</th>
                  <th className="font-medium">Details</th>
                </tr>
              </thead>
              <tbody>
                {audit.data.map((entry) => {
                  const details = compactJson(entry.details);
                  return (
                    <tr key={entry.id} className="border-t border-slate-100 align-top" data-testid="audit-row">
                      <td className="whitespace-nowrap py-1.5 pr-3 text-xs">{formatTimestamp(entry.at)}</td>
                      <td className="pr-3">{entry.userEmail ?? <span className="text-slate-600">system</span>}</td>
                      <td className="pr-3 font-mono text-xs">{entry.projectId ?? "—"}</td>
                      <td className="pr-3 font-mono text-xs">{entry.action}</td>
                      <td className="max-w-md truncate font-mono text-xs text-slate-600" title={entry.details ? JSON.stringify(entry.details, null, 2) : undefined}>
                        {details}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="text-sm text-slate-500">Nothing logged yet.</p>
        )}
      </QueryState>
    </SettingsCard>
  );
}
