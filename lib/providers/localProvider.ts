import type OpenAI from "openai";
import { env } from "@/lib/config/env";
import { localOpenAIClient } from "@/lib/llm/localClient";
import { parseLocalModels } from "@/lib/llm/localModels";

/**
 * The one seam between providers and Loupe's local models (lib/llm): which local models are
 * configured (LOUPE_LOCAL_MODEL), and the in-process OpenAI client that serves them.
 */
export function localModelNames(): string[] {
  return parseLocalModels(env().LOUPE_LOCAL_MODEL).map((model) => model.name);
}

export function localClient(): OpenAI {
  return localOpenAIClient();
}
