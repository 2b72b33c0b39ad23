import OpenAI from "openai";
import { handleLocalChatCompletions, handleLocalCompletions, localModelsList } from "./openaiEndpoint";

/** The base URL the in-process client pretends to call; nothing listens there. */
export const LOCAL_CLIENT_BASE_URL = "http://loupe-local.invalid/v1";

async function bodyOf(init: RequestInit | undefined, input: RequestInfo | URL): Promise<unknown> {
  const raw = init?.body ?? (input instanceof Request ? await input.text() : undefined);
  if (raw == null) return undefined;
  const text = typeof raw === "string" ? raw : await new Response(raw as BodyInit).text();
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * A `fetch` that answers the OpenAI SDK's calls from Loupe's own endpoint handlers, in-process:
 * no network, no key. Paths outside the endpoint answer 404 in OpenAI's error shape.
 */
export const localFetch: typeof fetch = async (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  const method = (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
  const path = url.pathname.replace(/^\/v1/, "");
  const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined) ?? undefined;
  if (method === "POST" && path === "/chat/completions") return handleLocalChatCompletions(await bodyOf(init, input), signal);
  if (method === "POST" && path === "/completions") return handleLocalCompletions(await bodyOf(init, input), signal);
  if (method === "GET" && path === "/models") return localModelsList();
  return Response.json({ error: { message: `no local endpoint ${method} ${path}`, type: "invalid_request_error", param: null, code: "not_found" } }, { status: 404 });
};

/**
 * An official `openai` SDK client for Loupe's local models, so every caller in Loupe talks the
 * OpenAI protocol to every provider, `local` included (README, "OpenAI-compatible endpoint").
 */
export function localOpenAIClient(): OpenAI {
  return new OpenAI({ apiKey: "local", baseURL: LOCAL_CLIENT_BASE_URL, fetch: localFetch, maxRetries: 0 });
}
