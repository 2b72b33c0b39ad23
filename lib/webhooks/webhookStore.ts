import crypto from "node:crypto";
import { z } from "zod";
import { ApiError } from "@/lib/api/errors";
import { audit, type Actor } from "@/lib/audit/auditLog";
import { env } from "@/lib/config/env";
import type { DataLayer } from "@/lib/db/database";
import { decryptSecret, encryptSecret, serverSecret } from "@/lib/providers/secretBox";
import { checkWebhookTarget, parseWebhookUrl, WebhookTargetError } from "./webhookTarget";

/** POST /api/v1/projects/{projectId}/webhooks body. */
export const createWebhookBodySchema = z.object({ url: z.string().min(1).max(2048) }).strict();

export interface WebhookDto {
  id: string;
  url: string;
  enabled: boolean;
  createdAt: string;
  createdBy: string | null;
  delivered: number;
  pending: number;
  failed: number;
}

export interface DeliveryDto {
  id: number;
  webhookId: string;
  alertId: number;
  status: "pending" | "delivered" | "failed";
  attempts: number;
  nextAttemptAt: string | null;
  lastAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

export function webhookAllowPrivate(): boolean {
  return env().LOUPE_WEBHOOK_ALLOW_PRIVATE;
}

/**
 * Adds a webhook after checking its URL (http(s), public addresses after DNS resolution unless
 * allowed). Alerts raised from now on are sent to it: its cursor starts at the newest alert.
 * Returns the signing secret once; it is stored only encrypted.
 */
export async function createWebhook(db: DataLayer, projectId: string, rawUrl: string, actor: Actor, allowPrivate = webhookAllowPrivate()): Promise<{ webhook: WebhookDto; secret: string }> {
  let url: URL;
  try {
    url = parseWebhookUrl(rawUrl);
    await checkWebhookTarget(url, allowPrivate);
  } catch (error) {
    if (error instanceof WebhookTargetError) throw new ApiError(400, "invalid_webhook_url", error.message);
    throw error;
  }
  const id = crypto.randomUUID();
  const secret = `whsec_${crypto.randomBytes(24).toString("base64url")}`;
  const newest = await db.selectFrom("alerts").select((eb) => eb.fn.max("id").as("max")).where("project_id", "=", projectId).executeTakeFirst();
  const now = Date.now();
  await db
    .insertInto("webhooks")
    .values({
      id, project_id: projectId, url: url.toString(), secret_encrypted: encryptSecret(secret, (await serverSecret(db)).secret, `webhook:${id}`),
      last_alert_id: Number(newest?.max ?? 0), created_by: actor.email, created_at: now,
    })
    .execute();
  await audit(db, actor, "webhook.create", projectId, { webhookId: id, url: url.toString() });
  return { webhook: { id, url: url.toString(), enabled: true, createdAt: new Date(now).toISOString(), createdBy: actor.email, delivered: 0, pending: 0, failed: 0 }, secret };
}

/** The webhook's signing secret (decrypted for a delivery). */
export async function webhookSecret(db: DataLayer, id: string, encrypted: string): Promise<string> {
  return decryptSecret(encrypted, (await serverSecret(db)).secret, `webhook:${id}`);
}

/** The project's webhooks with their delivery counts by status. */
export async function listWebhooks(db: DataLayer, projectId: string): Promise<WebhookDto[]> {
  const hooks = await db.selectFrom("webhooks").select(["id", "url", "enabled", "created_at", "created_by"]).where("project_id", "=", projectId).orderBy("created_at").execute();
  const counts = await db
    .selectFrom("webhook_deliveries")
    .select(["webhook_id", "status", (eb) => eb.fn.countAll<number>().as("n")])
    .where("project_id", "=", projectId)
    .groupBy(["webhook_id", "status"])
    .execute();
  const count = (id: string, status: string) => Number(counts.find((row) => row.webhook_id === id && row.status === status)?.n ?? 0);
  return hooks.map((hook) => ({
    id: hook.id, url: hook.url, enabled: Boolean(hook.enabled), createdAt: new Date(Number(hook.created_at)).toISOString(), createdBy: hook.created_by,
    delivered: count(hook.id, "delivered"), pending: count(hook.id, "pending"), failed: count(hook.id, "failed"),
  }));
}

const iso = (value: number | null) => (value === null ? null : new Date(Number(value)).toISOString());

/** The project's latest deliveries, newest first. */
export async function listDeliveries(db: DataLayer, projectId: string, limit = 50): Promise<DeliveryDto[]> {
  const rows = await db
    .selectFrom("webhook_deliveries")
    .select(["id", "webhook_id", "alert_id", "status", "attempts", "next_attempt_at", "last_attempt_at", "last_status_code", "last_error", "created_at", "delivered_at"])
    .where("project_id", "=", projectId)
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    id: Number(row.id), webhookId: row.webhook_id, alertId: Number(row.alert_id), status: row.status as DeliveryDto["status"], attempts: Number(row.attempts),
    nextAttemptAt: row.status === "pending" ? iso(row.next_attempt_at) : null, lastAttemptAt: iso(row.last_attempt_at),
    lastStatusCode: row.last_status_code === null ? null : Number(row.last_status_code), lastError: row.last_error,
    createdAt: iso(row.created_at) as string, deliveredAt: iso(row.delivered_at),
  }));
}

/** Removes a webhook and its queue. */
export async function deleteWebhook(db: DataLayer, projectId: string, id: string, actor: Actor): Promise<void> {
  const removed = await db.deleteFrom("webhooks").where("project_id", "=", projectId).where("id", "=", id).executeTakeFirst();
  if (Number(removed.numDeletedRows) === 0) throw new ApiError(404, "not_found", `webhook ${id} not found`);
  await db.deleteFrom("webhook_deliveries").where("webhook_id", "=", id).execute();
  await audit(db, actor, "webhook.delete", projectId, { webhookId: id });
}
