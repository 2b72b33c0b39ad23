import { ApiError } from "./errors";

/**
 * Reads a request body as text, refusing (413) as soon as it passes `limitBytes`, whether or
 * not the client sent a Content-Length, so an oversized body is never buffered whole.
 */
export async function readBodyText(request: Request, limitBytes: number): Promise<string> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limitBytes) throw tooLarge(limitBytes);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limitBytes) {
      await reader.cancel();
      throw tooLarge(limitBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total).toString("utf8");
}

function tooLarge(limitBytes: number): ApiError {
  return new ApiError(413, "payload_too_large", `request body exceeds the ${limitBytes}-byte limit (LOUPE_MAX_BODY_BYTES)`);
}
