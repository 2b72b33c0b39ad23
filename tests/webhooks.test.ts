import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/lib/audit/auditLog";
import { DEFAULT_PROJECT_ID } from "@/lib/db/bootstrap";
import { db } from "@/lib/db/database";
import { ingestRecords } from "@/lib/ingest/ingestRecords";
import { ALERT_SETTLE_MS, drainDeliveries, enqueueNewAlerts, FIRST_RETRY_MS, httpSender, RETRY_WINDOW_MS } from "@/lib/webhooks/deliveryQueue";
import { verifyWebhookSignature } from "@/lib/webhooks/signature";
import { createWebhook, listDeliveries, listWebhooks } from "@/lib/webhooks/webhookStore";
import { describeEachBackend } from "./backends";
import { useTestAccounts } from "./testDb";

/**
 * Webhooks end to end against a real HTTP receiver on 127.0.0.1 (allowed here as
 * LOUPE_WEBHOOK_ALLOW_PRIVATE=1 would): new alerts are queued in the database, sent signed,
 * a failed delivery is retried on the backoff schedule and given up after a day. The clock
 * is driven by hand (drainDeliveries' `now`), never by sleeping.
 */
interface Received { signature: string; body: string }

describeEachBackend("webhooks", ({ backend }) => {
  useTestAccounts();
  const received: Received[] = [];
  let answers: number[] = [];
  let server: http.Server;
  let url = "";
  beforeAll(async () => {
    server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        received.push({ signature: String(request.headers["loupe-signature"]), body: Buffer.concat(chunks).toString("utf8") });
        response.statusCode = answers.shift() ?? 200;
        response.end("ok");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const ingest = async (id: string) => {
    const summary = await ingestRecords(db(), DEFAULT_PROJECT_ID, [{ value: { id, model: "m1", response: { tokens: [{ token: "ok", logprob: -0.01 }, { token: " no", logprob: -8 }] } } }]);
    expect(summary.errors).toBe(0);
    return summary.results[0]?.id as number;
  };
  const T = Date.parse("2026-11-20T12:00:00Z");
  let secret = "";

  it("refuses a loopback URL unless private targets are allowed", async () => {
    await expect(createWebhook(db(), DEFAULT_PROJECT_ID, url, SYSTEM_ACTOR, false)).rejects.toMatchObject({ status: 400, code: "invalid_webhook_url" });
    await expect(createWebhook(db(), DEFAULT_PROJECT_ID, "ftp://example.com/", SYSTEM_ACTOR, true)).rejects.toMatchObject({ status: 400 });
  });

  it("sends each new alert once, signed, with a Slack text; a failed delivery is retried after the backoff", async () => {
    await ingest("before-the-webhook");
    secret = (await createWebhook(db(), DEFAULT_PROJECT_ID, url, SYSTEM_ACTOR, true)).secret;
    const responseId = await ingest("after-the-webhook");
    expect(received).toHaveLength(0); // ingestion sends nothing itself
    expect(await enqueueNewAlerts(db(), T)).toBe(4); // lowAvgLogprob, highPerplexity, lowConfidenceRatio, suddenDrops
    expect(await enqueueNewAlerts(db(), T)).toBe(0);

    answers = [500];
    expect(await drainDeliveries(db(), { now: T, send: httpSender(true) })).toEqual({ delivered: 3, retried: 1, failed: 0 });
    expect(received).toHaveLength(4);
    for (const { signature, body } of received) {
      expect(verifyWebhookSignature(signature, body, secret, T / 1000)).toBe(true);
      expect(signature).toMatch(new RegExp(`^t=${T / 1000},v1=[0-9a-f]{64}$`));
      expect(verifyWebhookSignature(signature, body.replace("m1", "m2"), secret, T / 1000)).toBe(false);
      expect(verifyWebhookSignature(signature, body, "whsec_wrong", T / 1000)).toBe(false);
      const payload = JSON.parse(body) as { text: string; alert: { responseId: number; detector: string } };
      expect(payload.alert.responseId).toBe(responseId);
      expect(payload.text).toMatch(/^Loupe alert: .+ on response #\d+ in project /);
    }
    const failedFirst = JSON.parse(received[0]?.body ?? "{}").alert.id as number;

    expect(await drainDeliveries(db(), { now: T + FIRST_RETRY_MS - 1000, send: httpSender(true) })).toEqual({ delivered: 0, retried: 0, failed: 0 });
    expect(await drainDeliveries(db(), { now: T + FIRST_RETRY_MS, send: httpSender(true) })).toEqual({ delivered: 1, retried: 0, failed: 0 });
    const retry = received[4] as Received;
    expect(JSON.parse(retry.body).alert.id).toBe(failedFirst);
    expect(verifyWebhookSignature(retry.signature, retry.body, secret, (T + FIRST_RETRY_MS) / 1000)).toBe(true);

    const deliveries = await listDeliveries(db(), DEFAULT_PROJECT_ID);
    expect(deliveries.map((d) => d.status)).toEqual(["delivered", "delivered", "delivered", "delivered"]);
    expect(deliveries.find((d) => d.alertId === failedFirst)).toMatchObject({ attempts: 2, lastStatusCode: 200, lastError: null });
    expect((await listWebhooks(db(), DEFAULT_PROJECT_ID))[0]).toMatchObject({ delivered: 4, pending: 0, failed: 0 });
  });

  it("backs off exponentially and gives up a day after the alert, visible as failed", async () => {
    received.length = 0;
    await ingest("always-down");
    const start = T + 3_600_000;
    expect(await enqueueNewAlerts(db(), start)).toBe(4);
    // Deliver three, keep failing the fourth until it is given up.
    answers = [200, 200, 200, 503];
    let now = start;
    for (let step = 0; step < 100; step++) {
      await drainDeliveries(db(), { now, send: httpSender(true) });
      answers = [503];
      const pending = await db().selectFrom("webhook_deliveries").select(["next_attempt_at", "status"]).where("status", "=", "pending").execute();
      if (pending.length === 0) break;
      now = Math.min(...pending.map((row) => Number(row.next_attempt_at)));
    }
    const down = (await listDeliveries(db(), DEFAULT_PROJECT_ID)).filter((d) => d.status === "failed");
    expect(down).toHaveLength(1);
    expect(down[0]).toMatchObject({ lastStatusCode: 503, lastError: "answered HTTP 503" });
    const tries = received.slice(3).map((r) => Number(/t=(\d+)/.exec(r.signature)?.[1]) * 1000);
    expect(down[0]?.attempts).toBe(tries.length);
    expect(tries.slice(1, 5).map((t, i) => t - (tries[i] as number))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect((tries.at(-1) as number) - start).toBeLessThanOrEqual(RETRY_WINDOW_MS);
    expect((tries.at(-1) as number) - start).toBeGreaterThan(RETRY_WINDOW_MS - 2 * 3_600_000);
    expect((await listWebhooks(db(), DEFAULT_PROJECT_ID))[0]).toMatchObject({ delivered: 7, failed: 1 });
  });

  // A held write would block SQLite's one connection; there, one writer at a time commits ids in order.
  it.runIf(backend === "postgres")("queues an alert whose transaction commits after a later alert's: sequence ids are not commit order", async () => {
    const queued = async () => new Set((await db().selectFrom("webhook_deliveries").select("alert_id").execute()).map((row) => Number(row.alert_id)));
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    let took: (id: number) => void = () => {};
    const taken = new Promise<number>((resolve) => (took = resolve));
    const now = Date.now();
    // A batch takes an alert id and stays open while a later batch commits alerts with higher ids.
    const slow = db().transaction().execute(async (trx) => {
      const row = await trx
        .insertInto("alerts")
        .values({ project_id: DEFAULT_PROJECT_ID, detector: "lowAvgLogprob", dedupe_key: "slow-batch", response_id: null, model: "m1", severity: "warning", value: -5, threshold: -3, evidence: "{}", occurred_at: now, created_at: now, updated_at: now })
        .returning("id")
        .executeTakeFirstOrThrow();
      took(Number(row.id));
      await gate;
    });
    const heldId = await taken;
    await ingest("commits-first");
    expect(await enqueueNewAlerts(db(), Date.now())).toBe(4);
    expect(await queued()).not.toContain(heldId);
    release();
    await slow;
    expect(await enqueueNewAlerts(db(), Date.now())).toBe(1);
    expect(await queued()).toContain(heldId);
  });

  it("moves the cursor past alerts once they are older than the settle time, and queues nothing twice", async () => {
    const newest = await db().selectFrom("alerts").select((eb) => eb.fn.max("id").as("id")).where("project_id", "=", DEFAULT_PROJECT_ID).executeTakeFirstOrThrow();
    const cursor = async () => Number((await db().selectFrom("webhooks").select("last_alert_id").executeTakeFirstOrThrow()).last_alert_id);
    expect(await enqueueNewAlerts(db(), Date.now())).toBe(0);
    expect(await cursor()).toBeLessThan(Number(newest.id));
    expect(await enqueueNewAlerts(db(), Date.now() + ALERT_SETTLE_MS + 1000)).toBe(0);
    expect(await cursor()).toBe(Number(newest.id));
  });
});
