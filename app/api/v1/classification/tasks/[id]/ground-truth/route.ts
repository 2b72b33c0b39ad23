import { z } from "zod";
import { ApiError, withErrors } from "@/lib/api/errors";
import { taskParamsSchema } from "@/lib/api/classificationSchemas";
import { readBodyText } from "@/lib/api/readBody";
import { requireWriter } from "@/lib/auth/requireWriter";
import { applyGroundTruth, GROUND_TRUTH_MAX_BYTES, type TruthFormat } from "@/lib/classification/groundTruth";
import { requireTask } from "@/lib/classification/requireTask";
import { db } from "@/lib/db/database";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The dashboard sends JSON (the CSRF rule for cookie requests): the file's text and its format. */
const jsonUploadSchema = z.object({ format: z.enum(["csv", "jsonl"]), content: z.string() });

function formatOf(contentType: string): TruthFormat | "json" | null {
  const type = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  if (type === "text/csv") return "csv";
  if (type === "application/x-ndjson" || type === "application/jsonl" || type === "application/x-jsonlines") return "jsonl";
  if (type === "application/json") return "json";
  return null;
}

/**
 * POST /api/v1/classification/tasks/{id}/ground-truth: CSV (`text/csv`, `external_id,label`) or
 * JSONL (`application/x-ndjson`, `{"externalId","label"}` per line), or JSON
 * `{"format": "csv"|"jsonl", "content": "…"}`. Good lines are stored; bad ones are answered by
 * line number: `{applied, errors: [{line, code, message}]}`.
 */
export const POST = withErrors(async (request: Request, context: { params: Promise<{ id: string }> }) => {
  const { projectId } = await requireWriter(request);
  const { id } = taskParamsSchema.parse(await context.params);
  const task = await requireTask(db(), projectId, id);
  const format = formatOf(request.headers.get("content-type") ?? "");
  if (format === null) throw new ApiError(415, "unsupported_media_type", "send text/csv, application/x-ndjson or application/json");
  const text = await readBodyText(request, GROUND_TRUTH_MAX_BYTES);
  let upload: { format: TruthFormat; content: string };
  if (format === "json") {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new ApiError(400, "invalid_json", "body is not valid JSON");
    }
    upload = jsonUploadSchema.parse(body);
  } else {
    upload = { format, content: text };
  }
  return Response.json(await applyGroundTruth(db(), task, upload.content, upload.format));
});
