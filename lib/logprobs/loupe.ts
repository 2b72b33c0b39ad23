/**
 * Loupe's own plain format, for clients that compute logprobs themselves:
 *
 *   {
 *     "tokens": [{ "token": "Hi", "logprob": -0.1, "bytes"?: [72, 105],
 *                  "top"?: [{ "token": "Hi", "logprob": -0.1, "bytes"?: [...] }] }],
 *     "text"?: "Hi",            // output text; defaults to the tokens joined
 *     "model"?: "my-model",
 *     "finish_reason"?: "stop"
 *   }
 *
 * `logprob` may be null (unknown); `top` is most probable first.
 */
import { expectRecord, joinTokens, optionalString } from "./guards";
import { readTokenEntries, type TokenEntryOptions } from "./tokenEntries";
import type { ParsedPayload } from "./types";

const LOUPE_ENTRY: TokenEntryOptions = { topKey: "top", allowNullLogprob: true };

export function parseLoupe(payload: unknown): ParsedPayload {
  const root = expectRecord(payload, "");
  const tokens = readTokenEntries(root.tokens, "tokens", LOUPE_ENTRY);
  return {
    format: "loupe",
    providerId: null,
    model: optionalString(root.model, "model"),
    createdAt: null,
    promptTokens: null,
    prompt: null,
    samples: [
      {
        sampleIndex: 0,
        outputText: optionalString(root.text, "text") ?? joinTokens(tokens),
        finishReason: optionalString(root.finish_reason, "finish_reason"),
        tokens,
      },
    ],
  };
}
