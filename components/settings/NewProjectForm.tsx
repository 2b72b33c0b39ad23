"use client";

import { useState, type FormEvent } from "react";
import { ErrorNote, inputClass, primaryButtonClass, SettingsCard } from "./controls";
import { useCreateProject } from "./settingsQueries";

/** Instance admins create projects (and become their admin); the page then switches to it. */
export function NewProjectForm({ onCreated }: { onCreated: (projectId: string) => void }) {
  const [name, setName] = useState("");
  const create = useCreateProject();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate(name.trim(), {
      onSuccess: (project) => {
        setName("");
        onCreated(project.id);
      },
    });
  }

  return (
    <SettingsCard title="New project" subtitle="Each project has its own responses, API keys and members.">
      <form onSubmit={submit} className="flex flex-wrap items-end gap-3" aria-label="Create a project">
        <label className="flex flex-col text-xs font-medium text-slate-600">
          Name
          <input className={`${inputClass} mt-1 w-64`} value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} placeholder="e.g. Support bot" data-testid="project-create-name" />
        </label>
        <button type="submit" className={primaryButtonClass} disabled={create.isPending || name.trim() === ""} data-testid="project-create-submit">
          {create.isPending ? "Creating…" : "Create project"}
        </button>
      </form>
      <ErrorNote error={create.error} />
      {create.data ? (
        <p role="status" className="mt-2 text-sm text-emerald-800">
          Created {create.data.name} ({create.data.id}).
        </p>
      ) : null}
    </SettingsCard>
  );
}
