import { requireWriter } from "./requireWriter";

/**
 * Authorizes a change to a project's alerts (status, verdicts, thresholds): the same rule as
 * every other project write (requireWriter), returning who acted as stored in
 * `alerts.status_changed_by`: the user's email or `key:<key id>`, and whether it may read the
 * project's data (requireWriter's `canRead`).
 */
export async function requireAlertWriter(request: Request): Promise<{ projectId: string; actor: string; canRead: boolean }> {
  const { projectId, user, keyId, canRead } = await requireWriter(request);
  return { projectId, actor: user ? user.email : `key:${keyId}`, canRead };
}
