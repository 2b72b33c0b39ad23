"use client";

import { useQuery } from "@tanstack/react-query";
import type { CalibrationReport } from "@/lib/classification/calibrationReport";
import type { ShiftReport } from "@/lib/classification/shiftReport";
import type { ResponseClassification } from "@/lib/classification/responseClassifications";
import type { ClassificationTask } from "@/lib/classification/tasks";
import type { ThresholdReport } from "@/lib/classification/thresholdReport";
import { fetchJson } from "./apiClient";

/** One TanStack Query hook per classification endpoint; each key holds every parameter sent. */
const base = "/api/v1/classification/tasks";

export function useTasks(project: string | undefined) {
  const p = { project };
  return useQuery({ queryKey: ["classification", "tasks", p], queryFn: () => fetchJson<{ tasks: ClassificationTask[] }>(base, p) });
}

/** Polls every 2 s while the task is still being scored (the progress bar). */
export function useTask(project: string | undefined, id: string) {
  const p = { project };
  return useQuery({
    queryKey: ["classification", "task", id, p],
    queryFn: () => fetchJson<ClassificationTask>(`${base}/${encodeURIComponent(id)}`, p),
    refetchInterval: (query) => (query.state.data?.scoring.status === "scoring" ? 2_000 : false),
  });
}

export function useCalibration(project: string | undefined, id: string, version: number) {
  const p = { project };
  return useQuery({
    queryKey: ["classification", "calibration", id, p, version],
    queryFn: () => fetchJson<CalibrationReport>(`${base}/${encodeURIComponent(id)}/calibration`, p),
  });
}

export function useThresholds(project: string | undefined, id: string, targetPrecision: number, version: number) {
  const p = { project, targetPrecision: String(targetPrecision) };
  return useQuery({
    queryKey: ["classification", "thresholds", id, p, version],
    queryFn: () => fetchJson<ThresholdReport>(`${base}/${encodeURIComponent(id)}/thresholds`, p),
  });
}

export function useShift(project: string | undefined, id: string, windows: { reference: string; current: string }, version: number) {
  const p = { project, reference: windows.reference, current: windows.current };
  return useQuery({
    queryKey: ["classification", "shift", id, p, version],
    queryFn: () => fetchJson<ShiftReport>(`${base}/${encodeURIComponent(id)}/shift`, p),
  });
}

export function useResponseClassifications(project: string | undefined, responseId: number) {
  const p = { project };
  return useQuery({
    queryKey: ["classification", "response", responseId, p],
    queryFn: () => fetchJson<{ externalId: string | null; tasks: ResponseClassification[] }>(`/api/v1/classification/responses/${responseId}`, p),
  });
}
