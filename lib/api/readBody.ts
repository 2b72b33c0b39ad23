import { ApiError } from "./errors";

/**
 * Reads a request body as text, refusing (413) as soon as it passes `limitBytes`, whether or
 * not the client sent a Content-Length, so an oversized body is never buffered whole.
 */
export async function readBodyText(request: Request, limitBytes: number): Promise<string> {
  return Buffer.from(await readBodyBytes(request, limitBytes)).toString("utf8");
}

/**
 * The same as raw bytes in an ArrayBuffer of their own, so they can be transferred to a worker
 * thread and decoded there: decoding 20 MB of UTF-8 costs the event loop tens of milliseconds.
 */
export async function readBodyBytes(request: Request, limitBytes: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limitBytes) throw tooLarge(limitBytes);
  if (!request.body) return new Uint8Array(0);
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
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function tooLarge(limitBytes: number): ApiError {
  return new ApiError(413, "payload_too_large", `request body exceeds the ${limitBytes}-byte limit (LOUPE_MAX_BODY_BYTES)`);
}
