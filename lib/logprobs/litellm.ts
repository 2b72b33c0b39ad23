/**
 * LiteLLM's `generic_api` logging callback posts its StandardLoggingPayload
 * (BerriAI/litellm `litellm/types/utils.py`, built in
 * `litellm/litellm_core_utils/litellm_logging.py` `get_standard_logging_object_payload`):
 * the provider's response, as LiteLLM returned it to the caller, sits in `response`
 * (a `chat.completion` or `text_completion` object, logprobs included when asked for).
 * The payload is a wrapper, not a format: its `response` is parsed like any bare response,
 * and lib/ingest/litellm.ts reads the wrapper's request, timing and metadata.
 */
import { isRecord, type JsonObject } from "./guards";

/** A StandardLoggingPayload: what LiteLLM puts beside every logged response. */
export interface LiteLLMPayload extends JsonObject {
  call_type: string;
  response: unknown;
}

/**
 * Recognized by the fields no provider response has: `call_type` beside `response`, with
 * LiteLLM's own timing (`startTime`) or bookkeeping (`hidden_params`, `model_map_information`).
 */
export function isLiteLLMPayload(value: unknown): value is LiteLLMPayload {
  return (
    isRecord(value) &&
    "response" in value &&
    typeof value.call_type === "string" &&
    ("startTime" in value || "hidden_params" in value || "model_map_information" in value)
  );
}

/** The provider response inside a LiteLLM payload; any other value as it is. */
export function unwrapLiteLLM(value: unknown): unknown {
  return isLiteLLMPayload(value) ? value.response : value;
}
