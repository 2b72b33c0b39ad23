import http from "node:http";
import https from "node:https";
import net from "node:net";
import type { DataLayer } from "@/lib/db/database";
import { alertDto, type AlertDto } from "@/lib/alerts/listAlerts";
import { SIGNATURE_HEADER, webhookSignature } from "./signature";
import { webhookAllowPrivate, webhookSecret } from "./webhookStore";
import { checkedLookup, checkWebhookTarget } from "./webhookTarget";
import { jobErrorLog } from "@/lib/db/jobErrorLog";

/**
 * The webhook queue (README, "Webhooks"), kept in the database so it survives a restart and
 * drained by a background job (lib/db/backgroundJobs.ts), never by ingestion:
 * 1. enqueueNewAlerts copies each enabled webhook's alerts past its cursor and not queued yet
 *    into `webhook_deliveries` (one row per webhook and alert: the unique key keeps instances
 *    racing on the same cursor from sending twice; the cursor trails by ALERT_SETTLE_MS);
 * 2. drainDeliveries claims due rows (a lease: a crashed sender's row comes due again), POSTs
 *    each signed body, and on failure retries with exponential backoff — 30 s, 1 min, 2 min, …
 *    capped at 2 h between tries — until a day after the alert, then marks it failed.
 * `now` is a parameter so tests drive the clock by hand.
 */
export const FIRST_RETRY_MS = 30_000;
export const MAX_RETRY_MS = 2 * 3_600_000;
export const RETRY_WINDOW_MS = 24 * 3_600_000;
const CLAIM_MS = 60_000;
const SEND_TIMEOUT_MS = 10_000;

/** Delay before the retry after `attempts` failed tries: 30 s × 2^(attempts−1), at most 2 h. */
export function retryDelayMs(attempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), MAX_RETRY_MS);
}

/** The JSON body: a Slack-compatible `text` plus the alert itself. */
export function webhookBody(projectId: string, alert: AlertDto): string {
  const target = alert.responseId !== null ? `response #${alert.responseId}` : `model ${alert.model}`;
  const text = `Loupe alert: ${alert.name} (${alert.severity}) on ${target} in project ${projectId}, model ${alert.model}: value ${Number(alert.value.toFixed(4))} vs threshold ${Number(alert.threshold.toFixed(4))}`;
  return JSON.stringify({ text, type: "alert.created", project: projectId, alert });
}

/**
 * How long an alert's transaction may stay open after its `created_at`. Alert ids come from a
 * sequence: on PostgreSQL a batch that took id 10 can commit after one that took id 11, so a cursor
 * moved to 11 on sight would skip 10 for good. The cursor only passes alerts created longer ago
 * than this (every transaction that took a smaller id has ended by then: ingest batches take
 * seconds); newer ones are re-read each pass and queued once, by the anti-join on deliveries.
 */
export const ALERT_SETTLE_MS = 10 * 60_000;

/** Queues every enabled webhook's new alerts; returns how many deliveries were added. */
export async function enqueueNewAlerts(db: DataLayer, now = Date.now(), batch = 500): Promise<number> {
  const hooks = await db.selectFrom("webhooks").select(["id", "project_id", "last_alert_id"]).where("enabled", "=", true).execute();
  let added = 0;
  for (const hook of hooks) {
    const cursor = Number(hook.last_alert_id);
    const alerts = await db
      .selectFrom("alerts as a")
      .select(["a.id", "a.detector", "a.response_id", "a.model", "a.severity", "a.status", "a.value", "a.threshold", "a.evidence", "a.occurred_at", "a.created_at", "a.updated_at", "a.status_changed_by"])
      .where("a.project_id", "=", hook.project_id)
      .where("a.id", ">", cursor)
      .where(({ exists, not, selectFrom }) =>
        not(exists(selectFrom("webhook_deliveries as d").select("d.id").where("d.webhook_id", "=", hook.id).whereRef("d.alert_id", "=", "a.id"))),
      )
      .orderBy("a.id")
      .limit(batch)
      .execute();
    if (alerts.length > 0) {
      const rows = alerts.map((row) => ({
        webhook_id: hook.id, project_id: hook.project_id, alert_id: Number(row.id), body: webhookBody(hook.project_id, alertDto(row)),
        next_attempt_at: now, created_at: now,
      }));
      const result = await db.insertInto("webhook_deliveries").values(rows).onConflict((oc) => oc.columns(["webhook_id", "alert_id"]).doNothing()).executeTakeFirst();
      added += Number(result.numInsertedOrUpdatedRows ?? 0);
    }
    // Every alert at or below the cursor is queued or will never commit. With a full batch, the
    // alerts past it are not queued yet: the cursor stays within it.
    const settled = await db
      .selectFrom("alerts")
      .select((eb) => eb.fn.max("id").as("id"))
      .where("project_id", "=", hook.project_id)
      .where("id", ">", cursor)
      .where("created_at", "<=", now - ALERT_SETTLE_MS)
      .executeTakeFirst();
    let next = Number(settled?.id ?? cursor);
    if (alerts.length === batch) next = Math.min(next, Number(alerts[alerts.length - 1]?.id));
    if (next > cursor) await db.updateTable("webhooks").set({ last_alert_id: next }).where("id", "=", hook.id).where("last_alert_id", "<", next).execute();
  }
  return added;
}

export interface SendResult {
  status: number;
}

/** POSTs the body; resolves with the HTTP status, rejects on a network error or timeout. */
export type WebhookSender = (url: string, body: string, headers: Record<string, string>) => Promise<SendResult>;

/** The real sender: node http(s) through a lookup that refuses private addresses (unless allowed). */
export function httpSender(allowPrivate = webhookAllowPrivate()): WebhookSender {
  return async (rawUrl, body, headers) => {
    const url = new URL(rawUrl);
    // An IP literal skips DNS lookup in node: check it here.
    if (net.isIP(url.hostname.replace(/^\[(.*)\]$/, "$1"))) await checkWebhookTarget(url, allowPrivate);
    const client = url.protocol === "https:" ? https : http;
    return new Promise<SendResult>((resolve, reject) => {
      const request = client.request(
        url,
        { method: "POST", headers: { ...headers, "content-length": Buffer.byteLength(body) }, lookup: checkedLookup(allowPrivate), timeout: SEND_TIMEOUT_MS },
        (response) => {
          response.resume();
          response.on("end", () => resolve({ status: response.statusCode ?? 0 }));
          response.on("error", reject);
        },
      );
      request.on("timeout", () => request.destroy(new Error(`no answer within ${SEND_TIMEOUT_MS / 1000} s`)));
      request.on("error", reject);
      request.end(body);
    });
  };
}

export interface DrainResult {
  delivered: number;
  retried: number;
  failed: number;
}

/** Sends the deliveries due at `now` (up to `batch`). */
export async function drainDeliveries(db: DataLayer, options: { now?: number; send?: WebhookSender; batch?: number } = {}): Promise<DrainResult> {
  const now = options.now ?? Date.now();
  const send = options.send ?? httpSender();
  const due = await db
    .selectFrom("webhook_deliveries as d")
    .leftJoin("webhooks as w", "w.id", "d.webhook_id")
    .select(["d.id", "d.webhook_id", "d.body", "d.attempts", "d.next_attempt_at", "d.created_at", "w.url", "w.secret_encrypted", "w.enabled"])
    .where("d.status", "=", "pending")
    .where("d.next_attempt_at", "<=", now)
    .orderBy("d.next_attempt_at")
    .limit(options.batch ?? 20)
    .execute();
  const result: DrainResult = { delivered: 0, retried: 0, failed: 0 };
  for (const row of due) {
    // Claim it: another instance (or a later tick while this send is slow) skips it.
    const claimed = await db
      .updateTable("webhook_deliveries")
      .set({ next_attempt_at: now + CLAIM_MS })
      .where("id", "=", row.id)
      .where("status", "=", "pending")
      .where("next_attempt_at", "=", row.next_attempt_at)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 0) continue;
    if (!row.url || !row.secret_encrypted || !row.enabled) {
      await db.updateTable("webhook_deliveries").set({ status: "failed", last_error: "the webhook was removed or disabled" }).where("id", "=", row.id).execute();
      result.failed++;
      continue;
    }
    const attempts = Number(row.attempts) + 1;
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      const secret = await webhookSecret(db, row.webhook_id, row.secret_encrypted);
      const t = Math.floor(now / 1000);
      const answer = await send(row.url, row.body, { "content-type": "application/json", "user-agent": "Loupe-Webhook/1", [SIGNATURE_HEADER]: webhookSignature(secret, row.body, t) });
      statusCode = answer.status;
      if (answer.status < 200 || answer.status > 299) error = `answered HTTP ${answer.status}`;
    } catch (caught) {
      error = caught instanceof Error ? caught.message : String(caught);
    }
    if (error === null) {
      await db
        .updateTable("webhook_deliveries")
        .set({ status: "delivered", attempts, last_attempt_at: now, last_status_code: statusCode, last_error: null, delivered_at: now })
        .where("id", "=", row.id)
        .execute();
      result.delivered++;
      continue;
    }
    const next = now + retryDelayMs(attempts);
    const givingUp = next > Number(row.created_at) + RETRY_WINDOW_MS;
    await db
      .updateTable("webhook_deliveries")
      .set({ status: givingUp ? "failed" : "pending", attempts, last_attempt_at: now, last_status_code: statusCode, last_error: error.slice(0, 500), next_attempt_at: givingUp ? now : next })
      .where("id", "=", row.id)
      .execute();
    if (givingUp) result.failed++;
    else result.retried++;
  }
  return result;
}

export const WEBHOOK_INTERVAL_MS = 5_000;

/** Every 5 s: queue new alerts, then send what is due. One pass at a time per process. */
export function startWebhookJob(db: DataLayer, intervalMs = WEBHOOK_INTERVAL_MS): () => void {
  let running = false;
  const logError = jobErrorLog("webhooks");
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await enqueueNewAlerts(db);
      await drainDeliveries(db);
    } catch (error) {
      logError(error);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
