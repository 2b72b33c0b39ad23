import type OpenAI from "openai";
import { localModels } from "@/lib/config/env";
import { localOpenAIClient } from "@/lib/llm/localClient";

/**
 * The one seam between providers and Loupe's local models (lib/llm): which local models are
 * configured (LOUPE_LOCAL_MODEL, validated in env), and the in-process OpenAI client that serves them.
 */
export function localModelNames(): string[] {
  return localModels().map((model) => model.name);
}

export function localClient(): OpenAI {
  return localOpenAIClient();
}
