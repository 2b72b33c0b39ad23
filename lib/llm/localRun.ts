import crypto from "node:crypto";
import type { Token } from "node-llama-cpp";
import { localModels } from "@/lib/config/env";
import { evaluatePrompt, sampleTokens, withBos, type FinishReason, type GeneratedToken, type PromptToken, type SamplingParams } from "./localGenerate";
import { localModel, lockLocalModel, type LoadedModel } from "./localRuntime";
import { OpenAIWireError } from "./openaiWire";
import { StopScanner } from "./stopScanner";

/**
 * One request's generation on a local model, as a stream of events both wire formats (chat and
 * legacy completions, streamed or not) are written from, so streamed and whole answers hold
 * the same tokens.
 */
export type RunEvent =
  | { kind: "prompt"; promptTokens: PromptToken[] | null; promptTokenCount: number }
  | { kind: "token"; index: number; token: GeneratedToken; text: string }
  | { kind: "finish"; index: number; reason: FinishReason; completionTokens: number };

export interface RunRequest {
  model: string;
  prompt: string;
  /** Alternatives per prompt token when prompt logprobs are wanted; null otherwise. */
  promptTopK: number | null;
  choices: number;
  maxTokens: number | null;
  temperature: number;
  topP: number;
  seed: number | null;
  stops: string[];
  topK: number;
}

export interface PreparedRun {
  loaded: LoadedModel;
  promptTokens: Token[];
  maxTokens: number;
}

export const NOTHING_CONFIGURED =
  "no local model is configured: set LOUPE_LOCAL_MODEL to a GGUF file (LOUPE_LOCAL_MODEL=/models/model.gguf) and restart Loupe";

/** Finds and loads the model, tokenizes the prompt and checks it fits: every failure here is an HTTP error, before any byte is sent. */
export async function prepareRun(request: RunRequest): Promise<PreparedRun> {
  if (localModels().length === 0) throw new OpenAIWireError(503, NOTHING_CONFIGURED, null, "no_local_model");
  const pending = localModel(request.model);
  if (!pending) {
    const names = localModels().map((entry) => entry.name).join(", ");
    throw new OpenAIWireError(404, `The model \`${request.model}\` does not exist. Local models: ${names}`, "model", "model_not_found");
  }
  let loaded: LoadedModel;
  try {
    loaded = await pending;
  } catch (error) {
    throw new OpenAIWireError(503, `the local model \`${request.model}\` could not be loaded: ${(error as Error).message}`, "model", "model_unavailable");
  }
  const promptTokens = loaded.model.tokenize(request.prompt, false);
  const room = loaded.sequence.contextSize - withBos(loaded, promptTokens).length;
  if (room < 1) {
    throw new OpenAIWireError(
      400,
      `the prompt is ${promptTokens.length} tokens; the model's context holds ${loaded.sequence.contextSize} (LOUPE_LOCAL_CONTEXT)`,
      "messages",
      "context_length_exceeded",
    );
  }
  return { loaded, promptTokens, maxTokens: Math.min(request.maxTokens ?? room, room) };
}

/** Runs every choice in turn while holding the model; stop strings cut each choice (README, "stop"). */
export async function* runLocal(prepared: PreparedRun, request: RunRequest, signal?: AbortSignal): AsyncGenerator<RunEvent> {
  const { loaded } = prepared;
  const release = await lockLocalModel(loaded);
  try {
    const baseSeed = request.seed ?? crypto.randomInt(0, 2 ** 31);
    for (let index = 0; index < request.choices; index++) {
      signal?.throwIfAborted();
      const scorePrompt = index === 0 ? request.promptTopK : null;
      const evaluation = await evaluatePrompt(loaded, prepared.promptTokens, scorePrompt);
      if (index === 0) yield { kind: "prompt", promptTokens: evaluation.promptTokens, promptTokenCount: prepared.promptTokens.length };
      const params: SamplingParams = {
        temperature: request.temperature,
        topP: request.topP,
        // Each choice its own stream of random numbers, all fixed by the request's seed.
        seed: (baseSeed + index * 0x9e3779b1) >>> 0,
        maxTokens: prepared.maxTokens,
        topK: request.topK,
      };
      const scanner = new StopScanner<GeneratedToken>(request.stops);
      const tokens = sampleTokens(loaded, evaluation.next, params, signal);
      let completionTokens = 0;
      let reason: FinishReason = "length";
      for (;;) {
        const step = await tokens.next();
        if (step.done) {
          reason = step.value;
          break;
        }
        for (const shown of scanner.push(step.value, step.value.bytes)) {
          completionTokens++;
          yield { kind: "token", index, token: shown.token, text: shown.text };
        }
        if (scanner.hitStop) {
          reason = "stop";
          await tokens.return("stop");
          break;
        }
      }
      for (const shown of scanner.finish()) {
        completionTokens++;
        yield { kind: "token", index, token: shown.token, text: shown.text };
      }
      yield { kind: "finish", index, reason, completionTokens };
    }
  } finally {
    release();
  }
}
