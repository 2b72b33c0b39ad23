import type { AlertDto } from "@/lib/alerts/listAlerts";

/**
 * Where an alert points: its response's token view (evidence outlined), its probe set for model
 * drift, its classification task for a distribution shift, or for a trend the model's responses
 * in the hour that shifted.
 */
export function alertHref(alert: Pick<AlertDto, "id" | "detector" | "evidence" | "responseId" | "model">, project: string | undefined): string {
  const params = new URLSearchParams();
  if (project) params.set("project", project);
  const query = () => (params.size > 0 ? `?${params.toString()}` : "");
  const { probeSetId, taskId, hourStart } = alert.evidence as { probeSetId?: unknown; taskId?: unknown; hourStart?: unknown };
  if (alert.detector === "modelDrift" && typeof probeSetId === "string") return `/probes/${encodeURIComponent(probeSetId)}${query()}`;
  if (alert.detector === "distributionShift" && typeof taskId === "string") return `/classification/${encodeURIComponent(taskId)}${query()}`;
  if (alert.responseId === null) {
    params.set("model", alert.model);
    if (alert.detector === "trendShift" && typeof hourStart === "number") {
      params.set("from", new Date(hourStart).toISOString());
      params.set("to", new Date(hourStart + 3_600_000).toISOString());
    }
    return `/responses${query()}`;
  }
  params.set("alert", String(alert.id));
  return `/responses/${alert.responseId}${query()}`;
}
