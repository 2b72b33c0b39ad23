"use client";

import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { useTask } from "@/components/data/classificationQueries";
import { Panel } from "@/components/overview/Panel";
import { CalibrationPanel } from "./CalibrationPanel";
import { withProject } from "@/components/data/apiClient";
import { GroundTruthForm } from "./GroundTruthForm";
import { RoutingPanel } from "./RoutingPanel";
import { ScoringProgress } from "./ScoringProgress";
import { ShiftPanel } from "./ShiftPanel";

/** One classification task: scoring progress, ground truth, calibration, routing threshold, shift. */
export function TaskView({ id }: { id: string }) {
  const project = useSearchParams().get("project") ?? undefined;
  const task = useTask(project, id);
  // Bumped when new ground truth lands or scoring finishes, so the figures reload.
  const [version, setVersion] = useState(0);
  const status = task.data?.scoring.status;
  const lastStatus = useRef(status);
  useEffect(() => {
    if (lastStatus.current === "scoring" && status === "ready") setVersion((v) => v + 1);
    lastStatus.current = status;
  }, [status]);
  return (
    <div className="grid gap-4">
      <div className="min-w-0">
        <Link href={withProject("/classification", project)} className="text-sm text-indigo-800 underline-offset-2 hover:underline">← Classification tasks</Link>
        <h1 className="break-words text-xl font-semibold tracking-tight">{task.data?.name ?? "Classification task"}</h1>
        {task.data ? (
          <div className="mt-1 flex flex-wrap items-center gap-3 text-sm text-slate-700">
            <span className="break-words">tag <code>{task.data.tag}</code> · labels {task.data.labels.join(", ")}</span>
            <ScoringProgress scoring={task.data.scoring} />
          </div>
        ) : task.error ? (
          <p role="alert" className="text-sm text-red-700">{task.error.message}</p>
        ) : null}
      </div>
      {task.data ? (
        <>
          <CalibrationPanel taskId={id} project={project} version={version} />
          <RoutingPanel taskId={id} project={project} version={version} />
          <Panel title="Ground truth" subtitle="Labels by external id; bad lines are reported by number while the good ones are applied.">
            <GroundTruthForm taskId={id} project={project} onApplied={() => setVersion((v) => v + 1)} />
          </Panel>
          <ShiftPanel taskId={id} project={project} version={version} />
        </>
      ) : null}
    </div>
  );
}
