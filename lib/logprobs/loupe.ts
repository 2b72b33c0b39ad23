/**
 * Loupe's own plain format, for clients that compute logprobs themselves:
 *
 *   {
 *     "tokens": [{ "token": "Hi", "logprob": -0.1, "bytes"?: [72, 105],
 *                  "top"?: [{ "token": "Hi", "logprob": -0.1, "bytes"?: [...] }] }],
 *     "text"?: "Hi",            // output text; defaults to the tokens joined
 *     "model"?: "my-model",
 *     "finish_reason"?: "stop",
 *     "prompt_tokens"?: [...],  // the prompt's tokens, same entry shape (prompt diagnostics)
 *     "index"?: 0               // sample index, for sibling samples sent as separate records
 *   }
 *
 * `logprob` may be null (unknown); `top` is most probable first.
 */
import { expectRecord, invalid, joinTokens, optionalString } from "./guards";
import { readTokenEntries, type TokenEntryOptions } from "./tokenEntries";
import type { ParsedPayload } from "./types";

const LOUPE_ENTRY: TokenEntryOptions = { topKey: "top", allowNullLogprob: true };

export function parseLoupe(payload: unknown): ParsedPayload {
  const root = expectRecord(payload, "");
  const tokens = readTokenEntries(root.tokens, "tokens", LOUPE_ENTRY);
  const promptTokens = root.prompt_tokens == null ? null : readTokenEntries(root.prompt_tokens, "prompt_tokens", LOUPE_ENTRY);
  const index = root.index ?? 0;
  if (typeof index !== "number" || !Number.isInteger(index) || index < 0) throw invalid("index", "a whole number ≥ 0", index);
  return {
    format: "loupe",
    providerId: null,
    model: optionalString(root.model, "model"),
    createdAt: null,
    promptTokens,
    prompt: null,
    samples: [
      {
        sampleIndex: index,
        outputText: optionalString(root.text, "text") ?? joinTokens(tokens),
        finishReason: optionalString(root.finish_reason, "finish_reason"),
        tokens,
      },
    ],
  };
}
