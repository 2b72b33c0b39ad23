import { SettingsView } from "@/components/settings/SettingsView";
import { env } from "@/lib/config/env";
import { generatedDefaultKey } from "@/lib/db/bootstrap";
import { sqlite } from "@/lib/db/sqlite";

export const dynamic = "force-dynamic";

/** Settings: the default project's ingest key and how to send data. Server-rendered; the key never goes through the API. */
export default function SettingsPage() {
  const db = sqlite();
  const keys = db
    .prepare(`SELECT k.name, k.prefix, k.scopes, k.created_at AS createdAt, k.last_used_at AS lastUsedAt, p.name AS project
              FROM api_keys k JOIN projects p ON p.id = k.project_id WHERE k.revoked_at IS NULL ORDER BY k.created_at`)
    .all() as Array<{ name: string; prefix: string; scopes: string; createdAt: number; lastUsedAt: number | null; project: string }>;
  return (
    <SettingsView
      generatedKey={env().LOUPE_API_KEY ? null : generatedDefaultKey(db)}
      keyFromEnv={Boolean(env().LOUPE_API_KEY)}
      keys={keys}
      maxBodyBytes={env().LOUPE_MAX_BODY_BYTES}
    />
  );
}
