import { ApiError } from "@/lib/api/errors";
import { readBodyText } from "@/lib/api/readBody";
import { findApiKey } from "@/lib/auth/apiKeys";
import { env } from "@/lib/config/env";
import { db } from "@/lib/db/database";
import { openAIErrorResponse } from "@/lib/llm/openaiWire";

/**
 * Wraps a route of the OpenAI-compatible endpoint (README, "OpenAI-compatible endpoint"): any
 * valid Loupe API key as `Authorization: Bearer` (the SDK's `apiKey`), the JSON body read within
 * LOUPE_MAX_BODY_BYTES, and every failure in OpenAI's error shape rather than Loupe's, because
 * OpenAI SDKs read that shape.
 */
export function openaiRoute(handler: (body: unknown, signal: AbortSignal) => Promise<Response>, options: { body: boolean } = { body: true }) {
  return async (request: Request): Promise<Response> => {
    try {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "");
      if (!match?.[1]) return unauthorized("missing API key: send your Loupe API key as `Authorization: Bearer <key>` (the SDK's apiKey)");
      if (!(await findApiKey(db(), match[1]))) return unauthorized("invalid or revoked Loupe API key");
      if (!options.body) return await handler(undefined, request.signal);
      const text = await readBodyText(request, env().LOUPE_MAX_BODY_BYTES);
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return openAIErrorResponse(400, "the request body is not valid JSON", null, "invalid_json");
      }
      return await handler(body, request.signal);
    } catch (error) {
      if (error instanceof ApiError) return openAIErrorResponse(error.status, error.message, null, error.code);
      console.error("OpenAI-compatible endpoint failed", error);
      return openAIErrorResponse(500, "internal server error", null, null);
    }
  };
}

function unauthorized(message: string): Response {
  const response = openAIErrorResponse(401, message, null, "invalid_api_key");
  response.headers.set("WWW-Authenticate", "Bearer");
  return response;
}
