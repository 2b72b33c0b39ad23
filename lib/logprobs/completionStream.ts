/**
 * Streamed legacy completions (`text_completion` chunks, as OpenAI, vLLM and llama.cpp send
 * `/v1/completions` with `stream: true`) assembled into the one response they make up. Used by
 * the logging proxy for what it relays, and by ingest for such a stream sent as SSE.
 */
type Body = Record<string, unknown>;

interface LegacyLogprobs {
  tokens: string[];
  token_logprobs: Array<number | null>;
  top_logprobs: Array<Record<string, number> | null> | null;
  text_offset: number[];
}

interface LegacyChoice {
  index: number;
  text: string;
  /** OpenAI's arrays, or llama.cpp's chat-shaped `{content: [...]}` (its /v1/completions streams carry that). */
  logprobs: LegacyLogprobs | { content: unknown[] } | null;
  finish_reason: string | null;
}

/**
 * Streamed legacy completion chunks -> the one `text_completion` they make up: per choice, the
 * text and the logprob arrays (or llama.cpp's `content` entries) concatenated in arrival order,
 * the last finish_reason.
 */
export function assembleCompletionStream(chunks: readonly Body[]): Body {
  const first = chunks.find((chunk) => typeof chunk.id === "string") ?? chunks[0] ?? {};
  const byIndex = new Map<number, LegacyChoice>();
  let usage: unknown = null;
  for (const chunk of chunks) {
    if (chunk.usage) usage = chunk.usage;
    if (!Array.isArray(chunk.choices)) continue;
    for (const raw of chunk.choices as Body[]) {
      const index = typeof raw.index === "number" ? raw.index : 0;
      const choice = byIndex.get(index) ?? { index, text: "", logprobs: null, finish_reason: null };
      byIndex.set(index, choice);
      if (typeof raw.text === "string") choice.text += raw.text;
      if (typeof raw.finish_reason === "string") choice.finish_reason = raw.finish_reason;
      const part = raw.logprobs as (Partial<LegacyLogprobs> & { content?: unknown }) | null | undefined;
      if (part && Array.isArray(part.content) && (choice.logprobs === null || "content" in choice.logprobs)) {
        const logprobs = (choice.logprobs ??= { content: [] }) as { content: unknown[] };
        logprobs.content.push(...part.content);
      } else if (part && Array.isArray(part.tokens) && (choice.logprobs === null || "tokens" in choice.logprobs)) {
        const logprobs = (choice.logprobs ??= { tokens: [], token_logprobs: [], top_logprobs: [], text_offset: [] }) as LegacyLogprobs;
        logprobs.tokens.push(...part.tokens);
        logprobs.token_logprobs.push(...(part.token_logprobs ?? []));
        if (Array.isArray(part.top_logprobs)) logprobs.top_logprobs?.push(...part.top_logprobs);
        else logprobs.top_logprobs = null;
        logprobs.text_offset.push(...(part.text_offset ?? []));
      }
    }
  }
  return {
    id: first.id,
    object: "text_completion",
    created: first.created,
    model: first.model,
    choices: [...byIndex.values()].sort((a, b) => a.index - b.index),
    ...(usage ? { usage } : {}),
  };
}

/** Whether a list of SSE events is a legacy completion stream (every event a `text_completion`). */
export function isCompletionStream(list: readonly unknown[]): list is Body[] {
  return list.length > 0 && list.every((item) => typeof item === "object" && item !== null && (item as Body).object === "text_completion");
}
