"use client";

import type { AccessibleProject } from "@/lib/auth/access";

/** Which project the page manages; the choice lives in the `project` search parameter. */
export function ProjectPicker({ projects, value, onChange }: { projects: AccessibleProject[]; value: string; onChange: (projectId: string) => void }) {
  return (
    <label className="flex items-center gap-2 text-sm text-slate-600">
      Project
      <select
        value={value}
        onChange={(event) => onChange(event.target.value)}
        className="h-9 rounded-md border border-slate-300 bg-white px-2 text-sm text-slate-900 outline-none focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/20"
        data-testid="settings-project"
      >
        {projects.map((project) => (
          <option key={project.id} value={project.id}>
            {project.name}
            {project.isDemo ? " (demo)" : ""} · {project.role}
          </option>
        ))}
      </select>
    </label>
  );
}
