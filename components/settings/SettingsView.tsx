"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import type { AccessibleProject } from "@/lib/auth/access";
import { ApiKeysSection } from "./ApiKeysSection";
import { AuditLogSection } from "./AuditLogSection";
import { DefaultKeyCard } from "./DefaultKeyCard";
import { IngestExampleCard } from "./IngestExampleCard";
import { MembersSection } from "./MembersSection";
import { NewProjectForm } from "./NewProjectForm";
import { ProjectPicker } from "./ProjectPicker";
import { ProvidersSection } from "./ProvidersSection";
import { ProxySettingsCard } from "./ProxySettingsCard";
import { settingsProjectId } from "./projectSelection";
import { WebhooksSection } from "./WebhooksSection";
import { useProjects } from "./settingsQueries";

export interface SettingsUser {
  userId: string;
  email: string;
  isAdmin: boolean;
}

/**
 * Settings: the selected project's API keys and members (project admins), how to send data,
 * and for instance admins new projects and the audit log. The API enforces every permission;
 * the page only leaves out forms that would be refused.
 */
export function SettingsView({ user, initialProjects, generatedKey, maxBodyBytes }: { user: SettingsUser; initialProjects: AccessibleProject[]; generatedKey: string | null; maxBodyBytes: number }) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const projects = useProjects(initialProjects).data;
  const projectId = settingsProjectId(projects, searchParams.get("project"));
  const project = projects.find((p) => p.id === projectId);

  const selectProject = (id: string) => {
    const params = new URLSearchParams(searchParams.toString());
    params.set("project", id);
    router.replace(`${pathname}?${params.toString()}`, { scroll: false });
  };

  return (
    <div className="max-w-5xl space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-lg font-semibold">Settings</h1>
        {project ? <ProjectPicker projects={projects} value={project.id} onChange={selectProject} /> : null}
      </div>

      {!project ? (
        <p className="card p-4 text-sm text-slate-600" data-testid="settings-no-project">
          You are not in any project yet. Ask an admin to invite you.
        </p>
      ) : project.role === "admin" ? (
        // Keyed by project: a new key or invite link shown for one project must not linger on another.
        <div key={project.id} className="space-y-4">
          <ApiKeysSection projectId={project.id} projectName={project.name} />
          <MembersSection projectId={project.id} projectName={project.name} currentUserId={user.userId} />
          <ProxySettingsCard projectId={project.id} canEdit />
          <WebhooksSection projectId={project.id} />
        </div>
      ) : (
        <p className="card p-4 text-sm text-slate-600" data-testid="settings-read-only">
          You are a <strong className="font-medium text-slate-800">{project.role}</strong> in {project.name}: you can read its dashboards. Its API keys and
          members are managed by the project&apos;s admins.
        </p>
      )}

      <IngestExampleCard maxBodyBytes={maxBodyBytes} />

      {user.isAdmin ? (
        <>
          <h2 className="pt-2 text-sm font-semibold uppercase tracking-wide text-slate-500">Instance</h2>
          {generatedKey ? <DefaultKeyCard generatedKey={generatedKey} /> : null}
          <ProvidersSection />
          <NewProjectForm onCreated={selectProject} />
          <AuditLogSection />
        </>
      ) : null}
    </div>
  );
}
