"use client";

import { useState, type FormEvent } from "react";
import { useMutation } from "@tanstack/react-query";
import { errorMessage, sendJson, withProject } from "@/components/data/apiClient";
import type { TruthUploadResult } from "@/lib/classification/groundTruth";

/** Ground truth upload: a CSV or JSONL file (or pasted text); bad lines are listed by number. */
export function GroundTruthForm({ taskId, project, onApplied }: { taskId: string; project: string | undefined; onApplied: () => void }) {
  const [format, setFormat] = useState<"csv" | "jsonl">("csv");
  const [content, setContent] = useState("");
  const upload = useMutation({
    mutationFn: () => sendJson<TruthUploadResult>("POST", withProject(`/api/v1/classification/tasks/${encodeURIComponent(taskId)}/ground-truth`, project), { format, content }),
    onSuccess: () => onApplied(),
  });
  const result = upload.data ?? null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    upload.mutate();
  };
  return (
    <form onSubmit={submit} className="grid gap-3" data-testid="truth-form">
      <div className="flex flex-wrap items-end gap-3">
        <label className="grid gap-1 text-xs font-medium text-slate-700">
          Format
          <select value={format} onChange={(e) => setFormat(e.target.value as "csv" | "jsonl")} className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm" data-testid="truth-format">
            <option value="csv">CSV (external_id,label)</option>
            <option value="jsonl">JSONL ({"{"}&quot;externalId&quot;, &quot;label&quot;{"}"})</option>
          </select>
        </label>
        <label className="grid min-w-0 gap-1 text-xs font-medium text-slate-700">
          File
          <input
            type="file"
            accept=".csv,.jsonl,.ndjson,text/csv,application/x-ndjson"
            className="min-w-0 max-w-full text-sm"
            onChange={async (e) => {
              const file = e.target.files?.[0];
              if (!file) return;
              if (/\.(jsonl|ndjson)$/i.test(file.name)) setFormat("jsonl");
              else if (/\.csv$/i.test(file.name)) setFormat("csv");
              setContent(await file.text());
            }}
          />
        </label>
      </div>
      <label className="grid gap-1 text-xs font-medium text-slate-700">
        Or paste lines
        <textarea value={content} onChange={(e) => setContent(e.target.value)} rows={4} className="w-full min-w-0 rounded-md border border-slate-300 px-2 py-1.5 font-mono text-xs" data-testid="truth-content" />
      </label>
      <div>
        <button type="submit" disabled={upload.isPending || content.trim() === ""} className="rounded-md bg-indigo-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-800 disabled:opacity-60" data-testid="truth-submit">
          Upload ground truth
        </button>
      </div>
      {upload.error ? <p role="alert" className="text-sm text-red-700">{errorMessage(upload.error)}</p> : null}
      {result ? (
        <div role="status" className="text-sm text-slate-800" data-testid="truth-result">
          <p>{result.applied} label{result.applied === 1 ? "" : "s"} applied{result.errors.length > 0 ? `, ${result.errors.length} line${result.errors.length === 1 ? "" : "s"} refused:` : "."}</p>
          {result.errors.length > 0 ? (
            <ul className="mt-1 list-disc pl-5 text-xs text-red-800" data-testid="truth-errors">
              {result.errors.slice(0, 50).map((e) => (
                <li key={`${e.line}-${e.code}`} className="break-words">line {e.line}: {e.message}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </form>
  );
}
