import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { ApiError } from "@/lib/api/errors";
import type { TokenDetail, TokenDetailInput } from "@/lib/queries/tokenDetail";
import type { IngestOptions, PreparedBatch } from "./ingestRecords";
import type { WorkerRequest } from "./prepareWorker";

/**
 * A small pool of worker threads (one per core, at most 4) for the CPU-heavy work that would
 * otherwise stall every other request: parsing and scoring ingest bodies, and decoding a
 * response's tokens for the token view. The bundle is built by `npm run build`; without it
 * (tests, `tsx` scripts) callers do the work in their own thread.
 */
export const WORKER_BUNDLE = path.join(/*turbopackIgnore: true*/ process.cwd(), "dist", "ingest-worker.mjs");

interface Pending {
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
}

interface PoolWorker {
  worker: Worker;
  busy: number;
}

interface WorkerReply {
  id: number;
  result?: unknown;
  apiError?: { status: number; code: string; message: string } | null;
  failure?: string | null;
}

/**
 * Batch bodies are parsed a record at a time (recordRanges.ts), so a record's objects die young
 * and a small young generation suffices. For a 50-record, 10,000-token body (bench/scale.ts
 * payloads), CPU per body was 102 ms with 48 MB (16 MB semi-spaces) against 130 ms with the
 * 128 MB that suited whole-body parsing, which copied the whole parsed body at every scavenge.
 */
const WORKER_YOUNG_GENERATION_MB = 48;

const globalForPool = globalThis as unknown as { loupeIngestPool?: { workers: PoolWorker[]; pending: Map<number, Pending>; nextId: number } | null };

function pool() {
  if (globalForPool.loupeIngestPool !== undefined) return globalForPool.loupeIngestPool;
  if (process.env.LOUPE_INGEST_WORKERS === "0" || !fs.existsSync(WORKER_BUNDLE)) return (globalForPool.loupeIngestPool = null);
  const size = Math.min(4, Math.max(1, Number(process.env.LOUPE_INGEST_WORKERS) || os.availableParallelism()));
  const pending = new Map<number, Pending>();
  const workers = Array.from({ length: size }, () => {
    const entry: PoolWorker = { worker: new Worker(WORKER_BUNDLE, { env: process.env, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } }), busy: 0 };
    entry.worker.unref();
    entry.worker.on("message", (reply: WorkerReply) => {
      entry.busy--;
      const waiting = pending.get(reply.id);
      pending.delete(reply.id);
      if (!waiting) return;
      if (reply.result !== undefined) waiting.resolve(reply.result);
      else if (reply.apiError) waiting.reject(new ApiError(reply.apiError.status, reply.apiError.code, reply.apiError.message));
      else waiting.reject(new Error(`worker failed: ${reply.failure}`));
    });
    entry.worker.on("error", (error) => console.error("worker error", error));
    return entry;
  });
  return (globalForPool.loupeIngestPool = { workers, pending, nextId: 1 });
}

/** Runs one job on the least busy worker; null when no worker bundle is available. */
async function runInWorker<T>(job: WorkerRequest["job"], transfer: ArrayBuffer[] = []): Promise<T | null> {
  const current = pool();
  if (!current) return null;
  const target = current.workers.reduce((a, b) => (b.busy < a.busy ? b : a));
  const id = current.nextId++;
  return new Promise<T>((resolve, reject) => {
    current.pending.set(id, { resolve: resolve as (result: unknown) => void, reject });
    target.busy++;
    const request: WorkerRequest = { id, job };
    target.worker.postMessage(request, transfer);
  });
}

/**
 * Prepares a body on the least busy worker; null when no worker bundle is available. Raw bytes
 * are handed over without a copy (their buffer is transferred: the caller must not reuse it)
 * and decoded on the worker.
 */
export function prepareInWorker(body: string | Uint8Array, contentType: string, options: Pick<IngestOptions, "detectorSettings" | "tagDetectorSettings"> = {}): Promise<PreparedBatch | null> {
  if (typeof body === "string") return runInWorker<PreparedBatch>({ kind: "prepare", body, contentType, options });
  // Only a buffer the bytes fill alone can be transferred; anything else is copied once.
  const owned = body.byteOffset === 0 && body.byteLength === body.buffer.byteLength && body.buffer instanceof ArrayBuffer ? body : body.slice();
  return runInWorker<PreparedBatch>({ kind: "prepare", body: owned, contentType, options }, [owned.buffer as ArrayBuffer]);
}

/** Decodes a response's tokens and builds its detail on a worker; null when no worker bundle is available. */
export function tokenDetailInWorker(input: TokenDetailInput): Promise<TokenDetail | null> {
  return runInWorker<TokenDetail>({ kind: "tokenDetail", input });
}
