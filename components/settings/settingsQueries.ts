"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { sendJson } from "@/components/data/apiClient";
import { fetchJson } from "@/components/data/apiClient";
import type { listApiKeys } from "@/lib/accounts/apiKeyAdmin";
import type { listMembers } from "@/lib/accounts/members";
import type { AccessibleProject, Role } from "@/lib/auth/access";
import type { ApiKeyScope } from "@/lib/auth/apiKeys";
import type { recentAudit } from "@/lib/audit/auditLog";

/** One hook per settings endpoint; query keys hold every parameter sent. */
export type ApiKeyRow = Awaited<ReturnType<typeof listApiKeys>>[number];
export type MembersData = Awaited<ReturnType<typeof listMembers>>;
export type AuditEntry = Awaited<ReturnType<typeof recentAudit>>[number];

export const settingsKeys = {
  all: ["settings"] as const,
  projects: () => ["settings", "projects"] as const,
  apiKeys: (projectId: string) => ["settings", "apiKeys", { projectId }] as const,
  members: (projectId: string) => ["settings", "members", { projectId }] as const,
  audit: () => ["settings", "audit"] as const,
};

/**
 * Settings change only when someone changes them, so no 5 s polling (components/layout/Providers);
 * mutations invalidate what they touch. No placeholder from the previous key either: another
 * project's keys must never show, even for a moment, under this project's name.
 */
const settingsQuery = { refetchInterval: 60_000, placeholderData: undefined, retry: false } as const;

const projectPath = (projectId: string) => `/api/v1/projects/${encodeURIComponent(projectId)}`;

export function useProjects(initialData: AccessibleProject[]) {
  return useQuery({
    ...settingsQuery,
    queryKey: settingsKeys.projects(),
    queryFn: async () => (await fetchJson<{ data: AccessibleProject[] }>("/api/v1/projects")).data,
    initialData,
  });
}

export function useApiKeys(projectId: string) {
  return useQuery({
    ...settingsQuery,
    queryKey: settingsKeys.apiKeys(projectId),
    queryFn: async () => (await fetchJson<{ data: ApiKeyRow[] }>(`${projectPath(projectId)}/keys`)).data,
  });
}

export function useMembers(projectId: string) {
  return useQuery({
    ...settingsQuery,
    queryKey: settingsKeys.members(projectId),
    queryFn: () => fetchJson<MembersData>(`${projectPath(projectId)}/members`),
  });
}

export function useAuditLog() {
  return useQuery({
    ...settingsQuery,
    queryKey: settingsKeys.audit(),
    queryFn: async () => (await fetchJson<{ data: AuditEntry[] }>("/api/v1/audit")).data,
  });
}

/** After a change: refetch what it touched, and the audit log, which records every change. */
function useRefetchAfter(...keys: ReadonlyArray<readonly unknown[]>) {
  const client = useQueryClient();
  return () => Promise.all([...keys, settingsKeys.audit()].map((queryKey) => client.invalidateQueries({ queryKey })));
}

export function useCreateApiKey(projectId: string) {
  const refetch = useRefetchAfter(settingsKeys.apiKeys(projectId));
  return useMutation({
    mutationFn: (input: { name: string; scopes: ApiKeyScope[] }) => sendJson<{ id: string; key: string }>("POST", `${projectPath(projectId)}/keys`, input),
    onSuccess: refetch,
  });
}

export function useRevokeApiKey(projectId: string) {
  const refetch = useRefetchAfter(settingsKeys.apiKeys(projectId));
  return useMutation({
    mutationFn: (keyId: string) => sendJson<{ ok: true }>("DELETE", `${projectPath(projectId)}/keys/${encodeURIComponent(keyId)}`),
    onSuccess: refetch,
  });
}

export function useInviteMember(projectId: string) {
  const refetch = useRefetchAfter(settingsKeys.members(projectId));
  return useMutation({
    mutationFn: (input: { email: string; role: Role }) => sendJson<{ joined: boolean; inviteUrl: string | null }>("POST", `${projectPath(projectId)}/members`, input),
    onSuccess: refetch,
  });
}

export function useSetMemberRole(projectId: string) {
  const refetch = useRefetchAfter(settingsKeys.members(projectId));
  return useMutation({
    mutationFn: ({ userId, role }: { userId: string; role: Role }) => sendJson<{ ok: true }>("PATCH", `${projectPath(projectId)}/members/${encodeURIComponent(userId)}`, { role }),
    onSettled: refetch,
  });
}

export function useRemoveMember(projectId: string) {
  const refetch = useRefetchAfter(settingsKeys.members(projectId));
  return useMutation({
    mutationFn: (userId: string) => sendJson<{ ok: true }>("DELETE", `${projectPath(projectId)}/members/${encodeURIComponent(userId)}`),
    onSuccess: refetch,
  });
}

export function useRevokeInvitation(projectId: string) {
  const refetch = useRefetchAfter(settingsKeys.members(projectId));
  return useMutation({
    mutationFn: (invitationId: string) => sendJson<{ ok: true }>("DELETE", `${projectPath(projectId)}/invitations/${encodeURIComponent(invitationId)}`),
    onSettled: refetch,
  });
}

export function useCreateProject() {
  const refetch = useRefetchAfter(settingsKeys.projects());
  return useMutation({
    mutationFn: (name: string) => sendJson<{ id: string; name: string }>("POST", "/api/v1/projects", { name }),
    onSuccess: refetch,
  });
}
