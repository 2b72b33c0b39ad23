import { z } from "zod";

/** Caps that keep one playground request bounded (a paste, not a corpus). */
export const PLAYGROUND_LIMITS = { promptChars: 100_000, messages: 50, maxTokens: 4_096, samples: 20 } as const;

const message = z.object({
  role: z.enum(["system", "user", "assistant"]),
  content: z.string().max(PLAYGROUND_LIMITS.promptChars),
});

/** Sampling settings shared by every playground request (OpenAI's names, camelCased). */
export const samplingSchema = z.object({
  provider: z.string().min(1).max(128),
  model: z.string().min(1).max(256),
  temperature: z.number().min(0).max(2).default(1),
  topP: z.number().gt(0).max(1).default(1),
  maxTokens: z.number().int().min(1).max(PLAYGROUND_LIMITS.maxTokens).default(64),
  topLogprobs: z.number().int().min(0).max(20).default(5),
  seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
});

/** A chat (messages) or a raw completion (prompt); `prefill` continues an assistant message (branching). */
export const promptSchema = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("chat"), messages: z.array(message).min(1).max(PLAYGROUND_LIMITS.messages) }),
  z.object({ mode: z.literal("completion"), prompt: z.string().min(1).max(PLAYGROUND_LIMITS.promptChars) }),
]);

export const runRequestSchema = samplingSchema.and(promptSchema).and(
  z.object({
    prefill: z.string().max(PLAYGROUND_LIMITS.promptChars).optional(),
    /** Ask for the prompt's own logprobs (when the provider gives them). */
    promptLogprobs: z.boolean().default(true),
  }),
);

export type RunRequest = z.infer<typeof runRequestSchema>;
export type PlaygroundPrompt = z.infer<typeof promptSchema>;
export type SamplingSettings = z.infer<typeof samplingSchema>;

/** The sampling settings as OpenAI request parameters (seed only when set). */
export function samplingParams(settings: Pick<SamplingSettings, "temperature" | "topP" | "maxTokens" | "seed">) {
  return {
    temperature: settings.temperature,
    top_p: settings.topP,
    max_tokens: settings.maxTokens,
    ...(settings.seed === undefined ? {} : { seed: settings.seed }),
  };
}

/** The prompt as one readable text (stored as the saved response's prompt for completions). */
export function promptText(prompt: PlaygroundPrompt): string {
  return prompt.mode === "completion" ? prompt.prompt : prompt.messages.map((m) => `${m.role}: ${m.content}`).join("\n");
}
