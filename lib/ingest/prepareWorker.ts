import { parentPort } from "node:worker_threads";
import { ApiError } from "@/lib/api/errors";
import { prepareBody } from "./ingestBody";

/**
 * Worker-thread entry (bundled to dist/ingest-worker.mjs by scripts/build-worker.mjs): parses
 * and scores request bodies off the main thread and hands back plain data.
 */
export interface PrepareRequest {
  id: number;
  text: string;
  contentType: string;
}

parentPort?.on("message", (request: PrepareRequest) => {
  try {
    parentPort?.postMessage({ id: request.id, batch: prepareBody(request.text, request.contentType) });
  } catch (error) {
    const apiError = error instanceof ApiError ? { status: error.status, code: error.code, message: error.message } : null;
    parentPort?.postMessage({ id: request.id, apiError, failure: apiError ? null : String((error as Error)?.stack ?? error) });
  }
});
