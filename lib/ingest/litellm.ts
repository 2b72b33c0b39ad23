import { describeValue, isRecord } from "@/lib/logprobs/guards";
import type { LiteLLMPayload } from "@/lib/logprobs/litellm";
import { RecordError } from "./recordError";

/**
 * A LiteLLM StandardLoggingPayload (README, "LiteLLM") as a Loupe envelope, so it takes the one
 * envelope path (validation, caps, storage). Fields as LiteLLM defines them
 * (BerriAI/litellm `litellm/types/utils.py` StandardLoggingPayload, StandardLoggingMetadata;
 * filled in `litellm_logging.py` `get_standard_logging_object_payload`):
 * - `litellm_call_id` (newer releases), else `id` (the response id, else the call id): the
 *   external id, so the same payload sent twice is a duplicate;
 * - `startTime`, `endTime`, `completionStartTime`: epoch seconds (floats), or Python's
 *   `str(datetime)` in some serializations ("2025-01-24 09:20:46.847371", read as UTC);
 * - `messages`: a list (chat), a string (a prompt) or one object;
 * - `request_tags` -> tags; `end_user`, the key's alias/team/user, cost and timing -> metadata.
 */
export function liteLLMEnvelope(payload: LiteLLMPayload): Record<string, unknown> {
  if (payload.status === "failure") {
    const reason = typeof payload.error_str === "string" && payload.error_str !== "" ? `: ${payload.error_str.slice(0, 300)}` : "";
    throw new RecordError(
      "litellm_failure",
      `LiteLLM logged a failed call${reason}; there is no response to store (list only llm_api_success in the callback's event_types)`,
    );
  }
  if (!isRecord(payload.response)) {
    // LiteLLM's older v1 payload (`generic_api_use_v1`) sends str(response): nothing to parse.
    const hint = typeof payload.response === "string" ? " (LiteLLM's v1 payload, litellm.generic_api_use_v1, sends it as text: turn that off)" : "";
    throw new RecordError("invalid_payload", `LiteLLM payload: response must be the provider's response object, got ${describeValue(payload.response)}${hint}`);
  }

  const startMs = instantMs(payload.startTime);
  const endMs = instantMs(payload.endTime);
  const firstTokenMs = instantMs(payload.completionStartTime);
  const metadata = isRecord(payload.metadata) ? payload.metadata : {};
  const envelope: Record<string, unknown> = { response: payload.response };

  const externalId = nonEmpty(payload.litellm_call_id) ?? nonEmpty(payload.id);
  if (externalId !== undefined) envelope.id = externalId;
  if (startMs !== undefined) envelope.timestamp = Math.round(startMs);
  const model = nonEmpty(payload.model);
  if (model !== undefined) envelope.model = model;
  const provider = nonEmpty(payload.custom_llm_provider);
  if (provider !== undefined) envelope.provider = provider;

  const request: Record<string, unknown> = {};
  const messages = payload.messages;
  if (Array.isArray(messages)) request.messages = messages;
  else if (typeof messages === "string") request.prompt = messages;
  else if (isRecord(messages)) request.messages = [messages];
  if (isRecord(payload.model_parameters) && Object.keys(payload.model_parameters).length > 0) request.params = payload.model_parameters;
  if (Object.keys(request).length > 0) envelope.request = request;

  if (Array.isArray(payload.request_tags)) {
    const tags = payload.request_tags.filter((tag): tag is string => typeof tag === "string" && tag !== "");
    if (tags.length > 0) envelope.tags = tags;
  }

  const latencyMs = startMs !== undefined && endMs !== undefined && endMs >= startMs ? endMs - startMs : undefined;
  // LiteLLM sets completionStartTime to endTime for a call that did not stream: a first token
  // time only means something when the call streamed.
  const timeToFirstTokenMs = payload.stream === true && startMs !== undefined && firstTokenMs !== undefined && firstTokenMs >= startMs ? firstTokenMs - startMs : undefined;
  envelope.metadata = withoutEmpty({
    source: "litellm",
    user: nonEmpty(payload.end_user) ?? nonEmpty(metadata.user_api_key_end_user_id),
    litellm_call_id: nonEmpty(payload.litellm_call_id) ?? nonEmpty(payload.id),
    trace_id: nonEmpty(payload.trace_id),
    call_type: nonEmpty(payload.call_type),
    model_group: nonEmpty(payload.model_group),
    api_base: nonEmpty(payload.api_base),
    stream: typeof payload.stream === "boolean" ? payload.stream : undefined,
    cache_hit: typeof payload.cache_hit === "boolean" ? payload.cache_hit : undefined,
    latency_ms: latencyMs === undefined ? undefined : roundMs(latencyMs),
    time_to_first_token_ms: timeToFirstTokenMs === undefined ? undefined : roundMs(timeToFirstTokenMs),
    response_cost: typeof payload.response_cost === "number" && Number.isFinite(payload.response_cost) ? payload.response_cost : undefined,
    user_api_key_alias: nonEmpty(metadata.user_api_key_alias),
    user_api_key_user_id: nonEmpty(metadata.user_api_key_user_id),
    user_api_key_team_alias: nonEmpty(metadata.user_api_key_team_alias),
    user_api_key_team_id: nonEmpty(metadata.user_api_key_team_id),
    requester_metadata: isRecord(metadata.requester_metadata) && Object.keys(metadata.requester_metadata).length > 0 ? metadata.requester_metadata : undefined,
  });
  return envelope;
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** Unix milliseconds from LiteLLM's epoch seconds or Python datetime text; undefined when neither. */
export function instantMs(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) && value >= 0 ? value * 1000 : undefined;
  if (typeof value !== "string" || value === "") return undefined;
  // Python's str(datetime): a space before the time and, when naive, no zone (taken as UTC).
  let text = value.trim().replace(" ", "T");
  if (/T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text)) text += "Z";
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : undefined;
}

const roundMs = (ms: number) => Math.round(ms * 10) / 10;

function withoutEmpty(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}
