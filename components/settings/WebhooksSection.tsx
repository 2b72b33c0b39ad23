"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { fetchJson, sendJson } from "@/components/data/apiClient";
import type { DeliveryDto, WebhookDto } from "@/lib/webhooks/webhookStore";
import { CopyField, dangerButtonClass, ErrorNote, inputClass, primaryButtonClass, QueryState, SettingsCard } from "./controls";

type WebhooksData = { data: WebhookDto[]; deliveries: DeliveryDto[] };

/** A project's webhooks (README, "Webhooks"): add and remove them, and see deliveries and failures. Project admins. */
export function WebhooksSection({ projectId }: { projectId: string }) {
  const client = useQueryClient();
  const queryKey = ["settings", "webhooks", { projectId }] as const;
  const base = `/api/v1/projects/${encodeURIComponent(projectId)}/webhooks`;
  const hooks = useQuery({ queryKey, queryFn: () => fetchJson<WebhooksData>(base), refetchInterval: 10_000, placeholderData: undefined, retry: false });
  const refetch = () => client.invalidateQueries({ queryKey });
  const create = useMutation({ mutationFn: (url: string) => sendJson<{ webhook: WebhookDto; secret: string }>("POST", base, { url }), onSuccess: refetch });
  const remove = useMutation({ mutationFn: (id: string) => sendJson("DELETE", `${base}/${encodeURIComponent(id)}`), onSuccess: refetch });
  const [url, setUrl] = useState("");

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate(url.trim(), { onSuccess: () => setUrl("") });
  }

  return (
    <SettingsCard
      title="Webhooks"
      testId="webhooks"
      subtitle={<>New alerts are POSTed as JSON with a Slack-compatible <code className="font-mono">text</code>, signed in the <code className="font-mono">Loupe-Signature</code> header; failures are retried for a day.</>}
    >
      <form onSubmit={submit} className="flex flex-wrap items-end gap-2" aria-label="Add a webhook">
        <label className="flex min-w-0 flex-1 flex-col text-xs font-medium text-slate-600">
          URL (http or https)
          <input className={`${inputClass} mt-1 w-full`} type="url" required value={url} onChange={(event) => setUrl(event.target.value)} placeholder="https://hooks.slack.com/services/…" data-testid="webhook-url" />
        </label>
        <button type="submit" className={primaryButtonClass} disabled={create.isPending} data-testid="webhook-add">Add</button>
      </form>
      <ErrorNote error={create.error} />
      {create.data ? (
        <div className="mt-3 space-y-1 rounded-md bg-amber-50 p-3 text-sm text-amber-900">
          <p>The signing secret, shown only now: keep it where your receiver can check signatures.</p>
          <CopyField value={create.data.secret} label="Webhook signing secret" testId="webhook-secret" />
        </div>
      ) : null}
      <QueryState isPending={hooks.isPending} error={hooks.error}>
        <ul className="mt-3 space-y-2 text-sm" data-testid="webhook-list">
          {(hooks.data?.data ?? []).map((hook) => (
            <li key={hook.id} className="flex flex-wrap items-center justify-between gap-2 border-t border-slate-100 pt-2">
              <span className="min-w-0 break-all font-mono text-xs">{hook.url}</span>
              <span className="text-xs text-slate-600">{hook.delivered} delivered · {hook.pending} pending · {hook.failed} failed</span>
              <button type="button" className={dangerButtonClass} onClick={() => remove.mutate(hook.id)} disabled={remove.isPending}>Remove</button>
            </li>
          ))}
        </ul>
        {(hooks.data?.deliveries.length ?? 0) > 0 ? (
          <div className="mt-3 overflow-x-auto" role="region" aria-label="Latest deliveries" tabIndex={0}>
            <table className="w-full min-w-[520px] text-xs" data-testid="webhook-deliveries">
              <caption className="text-left text-xs font-medium text-slate-700">Latest deliveries</caption>
              <thead className="text-left text-slate-600">
                <tr>
                  <th scope="col" className="py-1 font-medium">Alert</th>
                  <th scope="col" className="py-1 font-medium">Status</th>
                  <th scope="col" className="py-1 font-medium">Tries</th>
                  <th scope="col" className="py-1 font-medium">Last answer</th>
                  <th scope="col" className="py-1 font-medium">Next try</th>
                </tr>
              </thead>
              <tbody>
                {hooks.data?.deliveries.map((delivery) => (
                  <tr key={delivery.id} className="border-t border-slate-100">
                    <td className="py-1 font-mono">#{delivery.alertId}</td>
                    <td className={`py-1 ${delivery.status === "failed" ? "text-red-700" : delivery.status === "delivered" ? "text-emerald-800" : "text-slate-700"}`}>{delivery.status}</td>
                    <td className="py-1 tabular-nums">{delivery.attempts}</td>
                    <td className="py-1">{delivery.lastError ?? (delivery.lastStatusCode ? `HTTP ${delivery.lastStatusCode}` : "—")}</td>
                    <td className="py-1">{delivery.nextAttemptAt ? new Date(delivery.nextAttemptAt).toLocaleString() : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </QueryState>
      <ErrorNote error={remove.error} />
    </SettingsCard>
  );
}
