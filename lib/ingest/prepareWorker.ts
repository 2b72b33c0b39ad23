import { parentPort } from "node:worker_threads";
import { ApiError } from "@/lib/api/errors";
import { tokenDetail, type TokenDetailInput } from "@/lib/queries/tokenDetail";
import { prepareBody } from "./ingestBody";
import type { IngestOptions } from "./ingestRecords";

/**
 * Worker-thread entry (bundled to dist/ingest-worker.mjs by scripts/build-worker.mjs): parses
 * and scores request bodies, and decodes token blobs for the token view, off the main thread;
 * hands back plain data.
 */
export interface WorkerRequest {
  id: number;
  job: { kind: "prepare"; body: string | Uint8Array; contentType: string; options?: Pick<IngestOptions, "detectorSettings" | "tagDetectorSettings"> } | { kind: "tokenDetail"; input: TokenDetailInput };
}

function run(job: WorkerRequest["job"]): unknown {
  return job.kind === "prepare" ? prepareBody(job.body, job.contentType, job.options) : tokenDetail(job.input);
}

parentPort?.on("message", (request: WorkerRequest) => {
  try {
    parentPort?.postMessage({ id: request.id, result: run(request.job) });
  } catch (error) {
    const apiError = error instanceof ApiError ? { status: error.status, code: error.code, message: error.message } : null;
    parentPort?.postMessage({ id: request.id, apiError, failure: apiError ? null : String((error as Error)?.stack ?? error) });
  }
});
