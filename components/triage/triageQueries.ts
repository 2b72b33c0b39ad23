"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { fetchJson, sendJson, withProject } from "@/components/data/apiClient";
import type { ThresholdJobDto } from "@/lib/alerts/thresholdJobs";
import type { ThresholdSuggestion, ThresholdVersion } from "@/lib/alerts/thresholds";
import type { DetectorSettings } from "@/lib/metrics/detectors/settings";
import type { QualityReport } from "@/lib/triage/detectorQuality";
import type { SuspectDto } from "@/lib/triage/suspects";
import type { Verdict, VerdictDto } from "@/lib/triage/verdicts";

/** One hook per triage / rule-quality / thresholds endpoint; query keys hold every parameter. */

/**
 * The triage queue, read once per visit: judging a suspect must not reshuffle the one in view,
 * and the next visit (a client-side navigation too) reads it again, so judged suspects are gone
 * (gcTime 0: the cache does not outlive the page).
 */
export function useTriageQueue(project: string | undefined, model: string | undefined) {
  return useQuery({
    queryKey: ["triage", { project, model }],
    queryFn: async () => (await fetchJson<{ data: SuspectDto[] }>("/api/v1/triage", { project, model, limit: "200" })).data,
    refetchInterval: false,
    refetchOnWindowFocus: false,
    staleTime: Infinity,
    gcTime: 0,
    placeholderData: undefined,
  });
}

export function useDetectorQuality(project: string | undefined, targetPrecision: number) {
  const params = { project, targetPrecision: String(targetPrecision) };
  return useQuery({ queryKey: ["detectorQuality", params], queryFn: () => fetchJson<QualityReport>("/api/v1/detectors/quality", params) });
}

export function useRecordVerdict(project: string | undefined) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ responseId, verdict, note }: { responseId: number; verdict: Verdict; note?: string }) =>
      sendJson<VerdictDto>("POST", withProject(`/api/v1/responses/${responseId}/verdict`, project), note ? { verdict, note } : { verdict }),
    onSuccess: () => client.invalidateQueries({ queryKey: ["detectorQuality"] }),
  });
}

export type SettingsData = { tag: string; settings: DetectorSettings; history: ThresholdVersion[] };

export function useDetectorSettings(project: string | undefined, tag: string) {
  const params = { project, tag };
  return useQuery({ queryKey: ["detectorSettings", params], queryFn: () => fetchJson<SettingsData>("/api/v1/detectors/settings", params), refetchInterval: false, placeholderData: undefined });
}

export function useSaveDetectorSettings(project: string | undefined) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { tag: string; detectors: Record<string, { enabled?: boolean; thresholds?: Record<string, number> }> }) =>
      sendJson<SettingsData & { changed: string[] }>("PUT", withProject("/api/v1/detectors/settings", project), body),
    onSuccess: () => client.invalidateQueries({ queryKey: ["detectorSettings"] }),
  });
}

export function useThresholdSuggestions(project: string | undefined, tag: string, flagRate: number, enabled: boolean) {
  const params = { project, tag, flagRate: String(flagRate), days: "7" };
  return useQuery({
    queryKey: ["thresholdSuggest", params],
    queryFn: async () => (await fetchJson<{ data: ThresholdSuggestion[] }>("/api/v1/detectors/suggest", params)).data,
    enabled,
    refetchInterval: false,
    placeholderData: undefined,
  });
}

export function useStartReapply(project: string | undefined) {
  return useMutation({ mutationFn: (days: number) => sendJson<ThresholdJobDto>("POST", withProject("/api/v1/detectors/jobs", project), { days }) });
}

/** A job, polled every second until it is done or failed. */
export function useThresholdJob(project: string | undefined, id: string | null) {
  return useQuery({
    queryKey: ["thresholdJob", { project, id }],
    queryFn: () => fetchJson<ThresholdJobDto>(`/api/v1/detectors/jobs/${id}`, { project }),
    enabled: id !== null,
    refetchInterval: (query) => (query.state.data && (query.state.data.status === "done" || query.state.data.status === "failed") ? false : 1_000),
    placeholderData: undefined,
  });
}
