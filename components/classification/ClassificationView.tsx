"use client";

import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { errorMessage, sendJson, withProject } from "@/components/data/apiClient";
import { useTasks } from "@/components/data/classificationQueries";
import { Panel } from "@/components/overview/Panel";
import type { ClassificationTask } from "@/lib/classification/tasks";
import { ScoringProgress } from "./ScoringProgress";

const inputClass = "w-full min-w-0 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-indigo-600";

/** "yes, no , maybe" → ["yes", "no", "maybe"]. */
export function parseLabelList(text: string): string[] {
  return text.split(",").map((label) => label.trim()).filter((label) => label !== "");
}

function CreateTaskForm({ project }: { project: string | undefined }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [labels, setLabels] = useState("");
  const [tag, setTag] = useState("");
  const create = useMutation({
    mutationFn: () => sendJson("POST", withProject("/api/v1/classification/tasks", project), { name, labels: parseLabelList(labels), tag: tag.trim() }),
    onSuccess: async () => {
      setName("");
      setLabels("");
      setTag("");
      await queryClient.invalidateQueries({ queryKey: ["classification", "tasks"] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <form onSubmit={submit} className="grid gap-3 sm:grid-cols-[1fr_1fr_1fr_auto] sm:items-end" data-testid="task-form">
      <label className="grid gap-1 text-xs font-medium text-slate-700">
        Name
        <input className={inputClass} value={name} onChange={(e) => setName(e.target.value)} required data-testid="task-name" />
      </label>
      <label className="grid gap-1 text-xs font-medium text-slate-700">
        Labels (comma-separated)
        <input className={inputClass} value={labels} onChange={(e) => setLabels(e.target.value)} placeholder="yes, no" required data-testid="task-labels" />
      </label>
      <label className="grid gap-1 text-xs font-medium text-slate-700">
        Tag of its responses
        <input className={inputClass} value={tag} onChange={(e) => setTag(e.target.value)} required data-testid="task-tag" />
      </label>
      <button type="submit" disabled={create.isPending} className="rounded-md bg-indigo-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-800 disabled:opacity-60 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600" data-testid="task-create">
        Create task
      </button>
      {create.error ? <p role="alert" className="text-sm text-red-700 sm:col-span-4">{errorMessage(create.error)}</p> : null}
    </form>
  );
}

function TaskRow({ task, project }: { task: ClassificationTask; project: string | undefined }) {
  return (
    <li className="flex flex-wrap items-center justify-between gap-3 py-3" data-testid="task-row">
      <div className="min-w-0">
        <Link href={withProject(`/classification/${task.id}`, project)} className="font-medium text-indigo-800 underline-offset-2 hover:underline">
          {task.name}
        </Link>
        <p className="break-words text-xs text-slate-600">
          tag <code>{task.tag}</code> · labels {task.labels.join(", ")}
        </p>
      </div>
      <ScoringProgress scoring={task.scoring} />
    </li>
  );
}

/** The classification tasks of the project and the form to create one. */
export function ClassificationView() {
  const project = useSearchParams().get("project") ?? undefined;
  const tasks = useTasks(project);
  return (
    <div className="grid gap-4">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">Classification</h1>
        <p className="text-sm text-slate-600">Label confidence, calibration, routing thresholds and distribution shift for classifier responses.</p>
      </div>
      <Panel title="New task" subtitle="Scores come from the first generated token's top_logprobs, renormalized over the labels (see README, Classification).">
        <CreateTaskForm project={project} />
      </Panel>
      <Panel title="Tasks" state={tasks} testId="task-list">
        {tasks.data && tasks.data.tasks.length === 0 ? (
          <p className="text-sm text-slate-600">No tasks yet.</p>
        ) : (
          <ul className="divide-y divide-slate-200">
            {tasks.data?.tasks.map((task) => <TaskRow key={task.id} task={task} project={project} />)}
          </ul>
        )}
      </Panel>
    </div>
  );
}
