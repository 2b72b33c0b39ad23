import { ApiError } from "@/lib/api/errors";
import { audit, type Actor } from "@/lib/audit/auditLog";
import type { DataLayer } from "@/lib/db/database";

/** A project's logging-proxy settings (README, "Logging proxy"). */
export interface ProxySettings {
  /** top_logprobs the proxy asks for when the caller did not ask for logprobs (0-20, default 5). */
  topLogprobs: number;
}

export const MAX_PROXY_TOP_LOGPROBS = 20;

export async function proxySettings(db: DataLayer, projectId: string): Promise<ProxySettings> {
  const row = await db.selectFrom("projects").select("proxy_top_logprobs").where("id", "=", projectId).executeTakeFirst();
  if (!row) throw new ApiError(404, "not_found", `project ${projectId} not found`);
  return { topLogprobs: Number(row.proxy_top_logprobs) };
}

export async function setProxySettings(db: DataLayer, projectId: string, settings: ProxySettings, actor: Actor): Promise<ProxySettings> {
  const before = await proxySettings(db, projectId);
  await db.updateTable("projects").set({ proxy_top_logprobs: settings.topLogprobs }).where("id", "=", projectId).execute();
  await audit(db, actor, "project.proxy_settings_changed", projectId, { from: before.topLogprobs, to: settings.topLogprobs });
  return settings;
}
