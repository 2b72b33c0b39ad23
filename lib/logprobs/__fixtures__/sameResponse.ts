/**
 * One 6-token response ("Hello, world! Café") written out in every provider format, for tests.
 * Shapes follow what each provider actually sends, extra fields included, so detection sees
 * realistic payloads.
 */
import type { NormalizedToken } from "../types";

const utf8 = (text: string) => Array.from(new TextEncoder().encode(text));

function alt(token: string, logprob: number) {
  return { token, logprob, bytes: utf8(token) };
}

/** The normalized tokens every format must yield (where it carries the data). */
export const SAME_TOKENS: NormalizedToken[] = [
  { token: "Hello", logprob: -0.01, bytes: utf8("Hello"), top: [alt("Hello", -0.01), alt("Hi", -4.6)] },
  { token: ",", logprob: -0.2, bytes: utf8(","), top: [alt(",", -0.2), alt("!", -1.8)] },
  { token: " world", logprob: -1.5, bytes: utf8(" world"), top: [alt(" there", -0.4), alt(" world", -1.5)] },
  { token: "!", logprob: -0.05, bytes: utf8("!"), top: [alt("!", -0.05), alt(".", -3.2)] },
  { token: " Caf", logprob: -2.25, bytes: utf8(" Caf"), top: [alt(" How", -0.3), alt(" Caf", -2.25)] },
  { token: "é", logprob: -0.001, bytes: utf8("é"), top: [alt("é", -0.001), alt("e", -7.5)] },
];

export const SAME_TEXT = "Hello, world! Café";
export const SAME_MODEL = "test-model";
const CREATED = 1733743961;

const chatEntries = () =>
  SAME_TOKENS.map((t) => ({ token: t.token, logprob: t.logprob, bytes: t.bytes, top_logprobs: t.top }));

export function openaiChatPayload() {
  return {
    id: "chatcmpl-same",
    object: "chat.completion",
    created: CREATED,
    model: SAME_MODEL,
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: SAME_TEXT, refusal: null },
        logprobs: { content: chatEntries(), refusal: null },
        finish_reason: "stop",
      },
    ],
    usage: { prompt_tokens: 9, completion_tokens: 6, total_tokens: 15 },
    system_fingerprint: "fp_1",
  };
}

export function openaiChatChunks() {
  const base = { id: "chatcmpl-same", object: "chat.completion.chunk", created: CREATED, model: SAME_MODEL };
  const entries = chatEntries();
  const chunks: object[] = [
    {
      ...base,
      choices: [
        { index: 0, delta: { role: "assistant", content: "", refusal: null }, logprobs: null, finish_reason: null },
      ],
    },
  ];
  // Two tokens per chunk, as providers batch them.
  for (let i = 0; i < entries.length; i += 2) {
    const part = entries.slice(i, i + 2);
    chunks.push({
      ...base,
      choices: [
        {
          index: 0,
          delta: { content: part.map((e) => e.token).join("") },
          logprobs: { content: part, refusal: null },
          finish_reason: null,
        },
      ],
    });
  }
  chunks.push({ ...base, choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: "stop" }] });
  chunks.push({ ...base, choices: [], usage: { prompt_tokens: 9, completion_tokens: 6, total_tokens: 15 } });
  return chunks;
}

export function openaiChatSse(): string {
  return openaiChatChunks().map((c) => `data: ${JSON.stringify(c)}\n\n`).join("") + "data: [DONE]\n\n";
}

export function openaiLegacyPayload() {
  let offset = 20; // text_offset counts from the start of the (unechoed) prompt
  const text_offset = SAME_TOKENS.map((t) => {
    const at = offset;
    offset += t.token.length;
    return at;
  });
  return {
    id: "cmpl-same",
    object: "text_completion",
    created: CREATED,
    model: SAME_MODEL,
    choices: [
      {
        text: SAME_TEXT,
        index: 0,
        logprobs: {
          tokens: SAME_TOKENS.map((t) => t.token),
          token_logprobs: SAME_TOKENS.map((t) => t.logprob),
          top_logprobs: SAME_TOKENS.map((t) => Object.fromEntries(t.top.map((a) => [a.token, a.logprob]))),
          text_offset,
        },
        finish_reason: "stop",
      },
    ],
    usage: { prompt_tokens: 9, completion_tokens: 6, total_tokens: 15 },
  };
}

export function openaiResponsesPayload() {
  return {
    id: "resp_same",
    object: "response",
    created_at: CREATED,
    status: "completed",
    incomplete_details: null,
    model: SAME_MODEL,
    output: [
      { type: "reasoning", id: "rs_1", summary: [] },
      {
        type: "message",
        id: "msg_1",
        status: "completed",
        role: "assistant",
        content: [{ type: "output_text", text: SAME_TEXT, annotations: [], logprobs: chatEntries() }],
      },
    ],
    usage: { input_tokens: 9, output_tokens: 6, total_tokens: 15 },
  };
}

export function togetherPayload() {
  return {
    id: "8f0a1b2c3d4e5f60-SJC",
    object: "chat.completion",
    created: CREATED,
    model: SAME_MODEL,
    prompt: [],
    choices: [
      {
        finish_reason: "eos",
        seed: 42,
        index: 0,
        logprobs: {
          token_ids: [9906, 11, 1917, 0, 23643, 978],
          tokens: SAME_TOKENS.map((t) => t.token),
          token_logprobs: SAME_TOKENS.map((t) => t.logprob),
        },
        message: { role: "assistant", content: SAME_TEXT, tool_calls: [] },
      },
    ],
    usage: { prompt_tokens: 9, completion_tokens: 6, total_tokens: 15 },
  };
}

export function vllmPayload() {
  const chat = openaiChatPayload();
  return {
    ...chat,
    id: "chatcmpl-0123456789abcdef",
    choices: chat.choices.map((c) => ({ ...c, stop_reason: null })),
    prompt_logprobs: null,
    kv_transfer_params: null,
  };
}

export function llamacppPayload() {
  return {
    index: 0,
    content: SAME_TEXT,
    tokens: [],
    id_slot: 0,
    stop: true,
    model: SAME_MODEL,
    tokens_predicted: 6,
    tokens_evaluated: 9,
    generation_settings: { n_probs: 2, temperature: 0.8 },
    prompt: "<|user|>Say hello<|assistant|>",
    has_new_line: false,
    truncated: false,
    stop_type: "eos",
    stopping_word: "",
    tokens_cached: 14,
    completion_probabilities: SAME_TOKENS.map((t, i) => ({
      id: 100 + i,
      token: t.token,
      bytes: t.bytes,
      logprob: t.logprob,
      top_logprobs: t.top.map((a, j) => ({ id: 200 + j, ...a })),
    })),
  };
}

export function ollamaPayload() {
  return {
    model: SAME_MODEL,
    created_at: "2024-12-09T11:32:41.123456Z",
    message: { role: "assistant", content: SAME_TEXT },
    done: true,
    done_reason: "stop",
    total_duration: 1_234_567,
    eval_count: 6,
    logprobs: chatEntries(),
  };
}

export function loupePayload() {
  return {
    tokens: SAME_TOKENS.map((t) => ({ token: t.token, logprob: t.logprob, bytes: t.bytes, top: t.top })),
    text: SAME_TEXT,
    model: SAME_MODEL,
    finish_reason: "stop",
  };
}
