"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { fetchJson, sendJson, withProject } from "@/components/data/apiClient";
import type { ProbeRunDetailDto, ProbeRunDto } from "@/lib/probes/probeRuns";
import type { ProbeSetDto } from "@/lib/probes/probeSets";

export interface ProbeProvider {
  id: string;
  label: string;
  models: string[];
  maxTopLogprobs: number;
}

/** The create form's fields, as POST /api/v1/probes takes them. */
export interface ProbeSetForm {
  name: string;
  providerId: string;
  model: string;
  prompts: string[];
  maxTokens: number;
  temperature: number;
  runsPerPrompt: number;
  intervalMinutes: number | null;
  klThreshold: number;
}


/** One query key root per endpoint; every key holds the project. */
export const probeKeys = {
  sets: (project: string | undefined) => ["probes", "sets", { project }] as const,
  providers: (project: string | undefined) => ["probes", "providers", { project }] as const,
  set: (id: string, project: string | undefined) => ["probes", "set", id, { project }] as const,
  runs: (id: string, project: string | undefined) => ["probes", "runs", id, { project }] as const,
  run: (id: string, runId: number, project: string | undefined) => ["probes", "run", id, runId, { project }] as const,
};

export function useProbeSets(project: string | undefined) {
  return useQuery({ queryKey: probeKeys.sets(project), queryFn: async () => (await fetchJson<{ data: ProbeSetDto[] }>("/api/v1/probes", { project })).data });
}

export function useProbeProviders(project: string | undefined) {
  return useQuery({ queryKey: probeKeys.providers(project), queryFn: async () => (await fetchJson<{ data: ProbeProvider[] }>("/api/v1/probes/providers", { project })).data });
}

export function useProbeSet(id: string, project: string | undefined) {
  return useQuery({ queryKey: probeKeys.set(id, project), queryFn: () => fetchJson<ProbeSetDto>(`/api/v1/probes/${encodeURIComponent(id)}`, { project }) });
}

export function useProbeRuns(id: string, project: string | undefined) {
  return useQuery({ queryKey: probeKeys.runs(id, project), queryFn: async () => (await fetchJson<{ data: ProbeRunDto[] }>(`/api/v1/probes/${encodeURIComponent(id)}/runs`, { project })).data, refetchInterval: 60_000 });
}

export function useProbeRun(id: string, runId: number | null, project: string | undefined) {
  return useQuery({
    queryKey: probeKeys.run(id, runId ?? 0, project),
    queryFn: () => fetchJson<ProbeRunDetailDto>(`/api/v1/probes/${encodeURIComponent(id)}/runs/${runId}`, { project }),
    enabled: runId !== null,
  });
}

export function useCreateProbeSet(project: string | undefined) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (form: ProbeSetForm) => sendJson<ProbeSetDto>("POST", withProject("/api/v1/probes", project), form),
    onSuccess: () => client.invalidateQueries({ queryKey: ["probes", "sets"] }),
  });
}

export function useRunProbeSet(id: string, project: string | undefined) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (model: string | undefined) => sendJson<ProbeRunDetailDto>("POST", withProject(`/api/v1/probes/${encodeURIComponent(id)}/runs`, project), model ? { model } : {}),
    onSettled: () => client.invalidateQueries({ queryKey: ["probes", "runs", id] }),
  });
}

export function useSetBaseline(id: string, project: string | undefined) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (runId: number) => sendJson<ProbeRunDetailDto>("PATCH", withProject(`/api/v1/probes/${encodeURIComponent(id)}/runs/${runId}`, project), { baseline: true }),
    onSuccess: () => Promise.all([client.invalidateQueries({ queryKey: ["probes", "runs", id] }), client.invalidateQueries({ queryKey: ["probes", "run", id] })]),
  });
}
