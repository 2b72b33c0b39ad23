import path from "node:path";
import type OpenAI from "openai";
import { ApiError } from "@/lib/api/errors";

/**
 * The one seam between providers and Loupe's local models (lib/llm): which local models are
 * configured, and the in-process OpenAI client that serves them.
 */
export function localModelNames(): string[] {
  const value = process.env.LOUPE_LOCAL_MODEL?.trim();
  if (!value) return [];
  if (value.startsWith("[")) {
    try {
      return (JSON.parse(value) as Array<{ name: string }>).map((entry) => entry.name);
    } catch {
      return [];
    }
  }
  return [path.basename(value).replace(/\.gguf$/i, "")];
}

export function localClient(): OpenAI {
  throw new ApiError(503, "local_unavailable", "local models are not built into this Loupe yet");
}
