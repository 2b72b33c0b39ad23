"use client";

import { useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { formatFigure } from "@/components/charts/prepare/classification";
import { errorMessage, sendJson, withProject } from "@/components/data/apiClient";
import { useResponseClassifications } from "@/components/data/classificationQueries";
import type { ResponseClassification } from "@/lib/classification/responseClassifications";

function TaskEntry({ task, externalId, project, responseId }: { task: ResponseClassification; externalId: string | null; project: string | undefined; responseId: number }) {
  const queryClient = useQueryClient();
  const [label, setLabel] = useState(task.truth ?? "");
  const [status, setStatus] = useState<string | null>(null);
  const save = async () => {
    setStatus(null);
    try {
      const line = JSON.stringify({ externalId, label });
      const result = await sendJson<{ applied: number; errors: Array<{ message: string }> }>("POST", withProject(`/api/v1/classification/tasks/${encodeURIComponent(task.taskId)}/ground-truth`, project), { format: "jsonl", content: line });
      setStatus(result.applied === 1 ? "Saved." : (result.errors[0]?.message ?? "Not saved."));
      await queryClient.invalidateQueries({ queryKey: ["classification", "response", responseId] });
    } catch (error) {
      setStatus(errorMessage(error));
    }
  };
  const score = task.score;
  return (
    <li className="min-w-0 py-2" data-testid="response-classification">
      <p className="break-words text-sm font-medium text-slate-800">{task.taskName}</p>
      {score?.predicted ? (
        <p className="text-xs text-slate-700">
          predicted <strong>{score.predicted}</strong> · confidence {formatFigure(score.confidence)} · log margin {formatFigure(score.logMargin)} · label entropy {formatFigure(score.entropyBits)} bits
          {score.floored.length > 0 ? ` · floored: ${score.floored.join(", ")}` : ""}
        </p>
      ) : (
        <p className="text-xs text-slate-600">{score ? "No label matched the first token's candidates." : "Not scored yet."}</p>
      )}
      {externalId === null ? (
        <p className="text-xs text-slate-600">Ground truth needs an external id; this response has none.</p>
      ) : (
        <div className="mt-1 flex flex-wrap items-center gap-2">
          <label className="text-xs text-slate-700">
            Ground truth{" "}
            <select value={label} onChange={(e) => setLabel(e.target.value)} className="rounded-md border border-slate-300 bg-white px-1.5 py-0.5 text-xs" data-testid="response-truth">
              <option value="">(none)</option>
              {task.labels.map((l) => (
                <option key={l} value={l}>{l}</option>
              ))}
            </select>
          </label>
          <button type="button" disabled={label === "" || label === task.truth} onClick={save} className="rounded-md border border-slate-300 px-2 py-0.5 text-xs font-medium text-slate-800 hover:bg-slate-100 disabled:opacity-50" data-testid="response-truth-save">
            Save
          </button>
          {status ? <span role="status" className="text-xs text-slate-700">{status}</span> : null}
        </div>
      )}
    </li>
  );
}

/** The classification tasks covering this response (token view side panel); nothing when there are none. */
export function ResponseClassificationCard({ responseId, project }: { responseId: number; project: string | undefined }) {
  const query = useResponseClassifications(project, responseId);
  if (!query.data || query.data.tasks.length === 0) return null;
  return (
    <section className="card p-4" aria-labelledby="classification-heading">
      <h2 id="classification-heading" className="mb-1 text-sm font-semibold text-slate-800">Classification</h2>
      <ul className="divide-y divide-slate-200">
        {query.data.tasks.map((task) => (
          <TaskEntry key={task.taskId} task={task} externalId={query.data.externalId} project={project} responseId={responseId} />
        ))}
      </ul>
    </section>
  );
}
