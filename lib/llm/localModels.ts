import path from "node:path";
import { z } from "zod";

/**
 * The local GGUF models Loupe serves (README, "Local models"), from `LOUPE_LOCAL_MODEL`:
 * a path (the model's API name is the file's base name without `.gguf`, e.g. `stories260K`),
 * or a JSON array `[{"name", "path", "tokenBias"?}]`. `tokenBias` maps token text to an
 * additive logit bias, so one file can also serve as a deliberately "changed" model.
 */
export interface LocalModelConfig {
  name: string;
  path: string;
  /** Token text → additive logit bias (applied before softmax, so it changes the reported logprobs too). */
  tokenBias: Record<string, number>;
}

const modelEntry = z
  .object({
    name: z.string().trim().min(1, "name must not be empty").max(128).regex(/^[\w.:-]+$/, "name may hold letters, digits, `_`, `.`, `:` and `-` only"),
    path: z.string().trim().min(1, "path must not be empty"),
    tokenBias: z.record(z.string().min(1), z.number().finite().min(-100).max(100)).optional(),
  })
  .strict();

const modelList = z.array(modelEntry).min(1, "the list must name at least one model");

/** The API name of a model given by its bare path: the file's base name without `.gguf`. */
export function modelNameFromPath(modelPath: string): string {
  return path.basename(modelPath).replace(/\.gguf$/i, "");
}

/**
 * Parses `LOUPE_LOCAL_MODEL`; `[]` when unset. Throws an Error with a readable message
 * (env validation reports it at start) for malformed JSON, bad entries or duplicate names.
 */
export function parseLocalModels(value: string | undefined): LocalModelConfig[] {
  const text = value?.trim();
  if (!text) return [];
  if (!text.startsWith("[")) {
    const name = modelNameFromPath(text);
    if (!name) throw new Error(`LOUPE_LOCAL_MODEL: cannot take a model name from the path ${JSON.stringify(text)}`);
    return [{ name, path: text, tokenBias: {} }];
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`LOUPE_LOCAL_MODEL: not a path and not valid JSON (${(error as Error).message})`);
  }
  const parsed = modelList.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `entry ${issue.path.join(".")}: ` : "";
    throw new Error(`LOUPE_LOCAL_MODEL: ${where}${issue?.message ?? "invalid"}`);
  }
  const seen = new Set<string>();
  for (const entry of parsed.data) {
    if (seen.has(entry.name)) throw new Error(`LOUPE_LOCAL_MODEL: the model name ${JSON.stringify(entry.name)} appears twice`);
    seen.add(entry.name);
  }
  return parsed.data.map((entry) => ({ name: entry.name, path: entry.path, tokenBias: entry.tokenBias ?? {} }));
}
