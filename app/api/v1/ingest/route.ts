import { errorResponse, withErrors } from "@/lib/api/errors";
import { enforceIngestRateLimit } from "@/lib/api/rateLimit";
import { readBodyBytes } from "@/lib/api/readBody";
import { requireApiKey } from "@/lib/auth/requireKey";
import { env } from "@/lib/config/env";
import { db } from "@/lib/db/database";
import { ingestBodyConcurrently } from "@/lib/ingest/ingestBody";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** POST /api/v1/ingest: one record, `{records: [...]}`, a JSON array, or NDJSON. See README, "Ingest API". */
export const POST = withErrors(async (request: Request) => {
  const key = await requireApiKey(request, "ingest");
  // Before the body is read: a client over its rate costs us no upload, parse or write.
  await enforceIngestRateLimit(key.keyId);
  const body = await readBodyBytes(request, env().LOUPE_MAX_BODY_BYTES);
  const summary = await ingestBodyConcurrently(db(), key.projectId, body, request.headers.get("content-type") ?? "");
  if (summary.errors === 0) return Response.json(summary);
  if (summary.errors < summary.results.length) return Response.json(summary, { status: 207 });
  // Nothing stored: answer in the error shape, with the per-record results as details.
  const first = summary.results.find((result) => result.error);
  const message = summary.results.length === 1 ? (first?.error?.message ?? "invalid record") : `all ${summary.results.length} records were rejected; first: ${first?.error?.message}`;
  return errorResponse(400, first?.error?.code ?? "invalid_record", message, summary);
});
