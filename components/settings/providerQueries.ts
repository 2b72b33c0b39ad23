"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { fetchJson, sendJson } from "@/components/data/apiClient";
import type { ProviderLimits, ProviderPreset } from "@/lib/providers/limits";
import type { ProviderInfo } from "@/lib/providers/registry";
import type { ConnectionResult } from "@/lib/providers/testConnection";
import type { ProxySettings } from "@/lib/proxy/proxySettings";
import { settingsKeys } from "./settingsQueries";

/** One hook per providers / proxy-settings endpoint (README, "Providers", "Logging proxy"). */
export const providerKeys = {
  list: () => ["settings", "providers"] as const,
  proxy: (projectId: string) => ["settings", "proxy", { projectId }] as const,
};

const settingsQuery = { refetchInterval: 60_000, placeholderData: undefined, retry: false } as const;

/** What the add / edit form sends: apiKey absent keeps the stored key, null removes it. */
export interface ProviderForm {
  id?: string;
  label?: string;
  preset?: ProviderPreset;
  baseURL: string;
  apiKey?: string | null;
  models?: string[];
  limits?: Partial<ProviderLimits>;
}

export function useProviders() {
  return useQuery({ ...settingsQuery, queryKey: providerKeys.list(), queryFn: async () => (await fetchJson<{ data: ProviderInfo[] }>("/api/v1/providers")).data });
}

function useRefetchProviders() {
  const client = useQueryClient();
  return () => Promise.all([providerKeys.list(), settingsKeys.audit()].map((queryKey) => client.invalidateQueries({ queryKey })));
}

export function useSaveProvider(editing: string | null) {
  const refetch = useRefetchProviders();
  return useMutation({
    mutationFn: (form: ProviderForm) =>
      editing === null ? sendJson<ProviderInfo>("POST", "/api/v1/providers", form) : sendJson<ProviderInfo>("PATCH", `/api/v1/providers/${encodeURIComponent(editing)}`, form),
    onSuccess: refetch,
  });
}

export function useDeleteProvider() {
  const refetch = useRefetchProviders();
  return useMutation({ mutationFn: (id: string) => sendJson<{ ok: true }>("DELETE", `/api/v1/providers/${encodeURIComponent(id)}`), onSuccess: refetch });
}

export function useTestProvider() {
  return useMutation({ mutationFn: (id: string) => sendJson<ConnectionResult>("POST", `/api/v1/providers/${encodeURIComponent(id)}/test`) });
}

export function useProxySettings(projectId: string) {
  return useQuery({ ...settingsQuery, queryKey: providerKeys.proxy(projectId), queryFn: () => fetchJson<ProxySettings>(`/api/v1/projects/${encodeURIComponent(projectId)}/proxy`) });
}

export function useSaveProxySettings(projectId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (settings: ProxySettings) => sendJson<ProxySettings>("PATCH", `/api/v1/projects/${encodeURIComponent(projectId)}/proxy`, settings),
    onSuccess: () => Promise.all([providerKeys.proxy(projectId), settingsKeys.audit()].map((queryKey) => client.invalidateQueries({ queryKey }))),
  });
}
