/**
 * LiteLLM StandardLoggingPayloads as the `generic_api` callback posts them, for tests. Shaped
 * field for field after BerriAI/litellm:
 * - `litellm/types/utils.py` `StandardLoggingPayload` (id, trace_id, call_type, stream,
 *   response_cost, status, custom_llm_provider, *_tokens, startTime/endTime/completionStartTime
 *   as epoch-second floats, response_time, model_map_information, model, model_id, model_group,
 *   api_base, metadata (`StandardLoggingMetadata`), cache_hit, cache_key, saved_cache_cost,
 *   request_tags, end_user, requester_ip_address, messages, response, error_str,
 *   error_information, model_parameters, hidden_params, guardrail_information,
 *   standard_built_in_tools_params) and `litellm_call_id`, which newer releases add
 *   (`litellm_logging.py` `get_standard_logging_object_payload`);
 * - `response` is LiteLLM's `ModelResponse.model_dump()` (choices[].message with tool_calls,
 *   function_call, provider_specific_fields; choices[].logprobs = `ChoiceLogprobs`
 *   {content: [ChatCompletionTokenLogprob {token, bytes, logprob, top_logprobs}]}), or a
 *   `TextCompletionResponse` (choices[].logprobs = {tokens, token_logprobs, top_logprobs,
 *   text_offset}) for `atext_completion`;
 * - the layout of `tests/logging_callback_tests/gcs_pub_sub_body/standard_logging_payload.json`.
 * The token data is the one response every format fixture carries (./sameResponse.ts).
 */
import { openaiLegacyPayload, SAME_TEXT, SAME_TOKENS } from "./sameResponse";

const START = 1_764_300_000.254_731; // epoch seconds with microseconds, as datetime.timestamp() gives them

function chatModelResponse(id: string) {
  return {
    id,
    created: Math.floor(START),
    model: "gpt-4o-mini-2024-07-18",
    object: "chat.completion",
    system_fingerprint: "fp_0ba0d124f1",
    choices: [
      {
        finish_reason: "stop",
        index: 0,
        message: { content: SAME_TEXT, role: "assistant", tool_calls: null, function_call: null, provider_specific_fields: null },
        logprobs: {
          content: SAME_TOKENS.map((t) => ({
            token: t.token,
            bytes: t.bytes,
            logprob: t.logprob,
            top_logprobs: t.top.map((alt) => ({ token: alt.token, bytes: alt.bytes, logprob: alt.logprob })),
          })),
        },
      },
    ],
    usage: { completion_tokens: 6, prompt_tokens: 12, total_tokens: 18, completion_tokens_details: null, prompt_tokens_details: null },
  };
}

export interface LiteLLMPayloadOptions {
  callId?: string;
  stream?: boolean;
  tags?: string[];
  endUser?: string;
  status?: "success" | "failure";
}

/** A successful `acompletion` through the LiteLLM proxy, with logprobs asked for. */
export function liteLLMChatPayload(options: LiteLLMPayloadOptions = {}) {
  const callId = options.callId ?? "6c1b0e43-5a53-4f1e-9a43-7d8f4b7a2c11";
  const responseId = `chatcmpl-${callId.slice(0, 8)}`;
  return {
    id: responseId,
    litellm_call_id: callId,
    trace_id: "b5a2f0e1-1d9c-4c8e-9f57-3e0f6d1a9b22",
    call_type: "acompletion",
    stream: options.stream ?? false,
    response_cost: 0.0000054,
    response_cost_failure_debug_info: null,
    status: options.status ?? "success",
    custom_llm_provider: "openai",
    total_tokens: 18,
    prompt_tokens: 12,
    completion_tokens: 6,
    startTime: START,
    endTime: START + 0.8125,
    completionStartTime: options.stream ? START + 0.3 : START + 0.8125,
    response_time: options.stream ? 0.3 : 0.8125,
    model_map_information: { model_map_key: "gpt-4o-mini", model_map_value: null },
    model: "gpt-4o-mini",
    model_id: "9a3f0c7e2b",
    model_group: "gpt-4o-mini",
    api_base: "https://api.openai.com/v1",
    metadata: {
      user_api_key_hash: "88dc28d0f030c55ed4ab77ed8faf098196cb1c05df778539800c9f1243fe6b4b",
      user_api_key_alias: "support-bot",
      user_api_key_org_id: null,
      user_api_key_team_id: "team-7",
      user_api_key_user_id: "u-42",
      user_api_key_user_email: null,
      user_api_key_team_alias: "support",
      user_api_key_end_user_id: null,
      user_api_key_request_route: "/chat/completions",
      spend_logs_metadata: null,
      requester_ip_address: "",
      requester_metadata: { ticket: "T-1001" },
      requester_custom_headers: null,
      prompt_management_metadata: null,
      mcp_tool_call_metadata: null,
      vector_store_request_metadata: null,
      applied_guardrails: [],
      usage_object: null,
    },
    cache_hit: false,
    cache_key: null,
    saved_cache_cost: 0,
    request_tags: options.tags ?? ["support", "prod"],
    end_user: options.endUser ?? "customer-981",
    requester_ip_address: "",
    messages: [
      { role: "system", content: "You greet people." },
      { role: "user", content: "Say hello to the world and to the café." },
    ],
    response: options.status === "failure" ? {} : chatModelResponse(responseId),
    error_str: options.status === "failure" ? "litellm.RateLimitError: RateLimitError: OpenAIException - Rate limit reached" : null,
    error_information:
      options.status === "failure"
        ? { error_code: "429", error_class: "RateLimitError", llm_provider: "openai", traceback: "", error_message: "Rate limit reached" }
        : { error_code: "", error_class: "", llm_provider: "", traceback: "", error_message: "" },
    model_parameters: { temperature: 0.2, logprobs: true, top_logprobs: 2, max_tokens: 64 },
    hidden_params: {
      model_id: "9a3f0c7e2b",
      cache_key: null,
      api_base: "https://api.openai.com/v1",
      response_cost: 0.0000054,
      litellm_overhead_time_ms: 2.4,
      additional_headers: {},
      batch_models: null,
      litellm_model_name: "gpt-4o-mini",
      usage_object: null,
    },
    guardrail_information: null,
    standard_built_in_tools_params: { web_search_options: null, file_search: null },
  };
}

/** A successful `atext_completion` (legacy Completions, no echo): the response is a text_completion. */
export function liteLLMTextCompletionPayload(callId = "0f9d3c1a-7b2e-4c55-8e1d-2a6b9c4d7e80") {
  const base = liteLLMChatPayload({ callId, tags: ["batch"] });
  return {
    ...base,
    id: "cmpl-same",
    call_type: "atext_completion",
    messages: [{ role: "user", content: "Greet the world" }],
    response: openaiLegacyPayload(),
  };
}
