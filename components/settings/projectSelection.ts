import type { AccessibleProject } from "@/lib/auth/access";

/**
 * The project the settings page manages: the `project` parameter when the user may see it,
 * else the first project they administer (settings are mostly admin work), else the first.
 */
export function settingsProjectId(projects: readonly AccessibleProject[], requested: string | null | undefined): string | null {
  if (requested && projects.some((project) => project.id === requested)) return requested;
  return (projects.find((project) => project.role === "admin") ?? projects[0])?.id ?? null;
}
