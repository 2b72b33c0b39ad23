import type { Llama, LlamaContextSequence, LlamaModel, Token } from "node-llama-cpp";
import { env, localModels } from "@/lib/config/env";
import type { LocalModelConfig } from "./localModels";
import { tokenPieceBytes } from "./tokenBytes";

/**
 * One process-wide home for the local GGUF models (README, "Local models"): llama.cpp is bound
 * once, each model is loaded once with one context and one sequence that every request reuses,
 * and requests to one model run one after another (a queue per model), so no request pays a
 * model load after the first and two requests never interleave in one sequence.
 */
export interface LoadedModel {
  config: LocalModelConfig;
  model: LlamaModel;
  sequence: LlamaContextSequence;
  /** Additive logit bias by token id, from the config's `tokenBias` (token text → bias). */
  biasByToken: Map<Token, number>;
  /** Raw UTF-8 bytes of one token's piece, memoized. */
  pieceBytes(token: Token): Uint8Array;
}

interface RuntimeState {
  llama?: Promise<Llama>;
  models: Map<string, Promise<LoadedModel>>;
  queues: Map<string, Promise<void>>;
}

// On globalThis so dev-mode module reloads and separate route bundles share one copy.
const globalRuntime = globalThis as typeof globalThis & { __loupeLocalRuntime?: RuntimeState };
function state(): RuntimeState {
  globalRuntime.__loupeLocalRuntime ??= { models: new Map(), queues: new Map() };
  return globalRuntime.__loupeLocalRuntime;
}

function llama(): Promise<Llama> {
  const current = state();
  current.llama ??= import("node-llama-cpp").then(({ getLlama, LlamaLogLevel }) =>
    // Prebuilt CPU binaries only: never compile, never download at run time.
    getLlama({ gpu: false, build: "never", maxThreads: env().LOUPE_LOCAL_THREADS, logLevel: LlamaLogLevel.error }),
  );
  return current.llama;
}

async function load(config: LocalModelConfig): Promise<LoadedModel> {
  const binding = await llama();
  const model = await binding.loadModel({ modelPath: config.path });
  const context = await model.createContext({
    contextSize: Math.min(model.trainContextSize, env().LOUPE_LOCAL_CONTEXT),
    sequences: 1,
    threads: env().LOUPE_LOCAL_THREADS,
  });
  const biasByToken = new Map<Token, number>();
  for (const [text, bias] of Object.entries(config.tokenBias)) {
    // A text that is one token biases that token; a longer text biases each of its tokens.
    for (const token of model.tokenize(text, false, "trimLeadingSpace")) biasByToken.set(token, (biasByToken.get(token) ?? 0) + bias);
  }
  const byteCache = new Map<Token, Uint8Array>();
  return {
    config,
    model,
    sequence: context.getSequence(),
    biasByToken,
    pieceBytes(token) {
      let bytes = byteCache.get(token);
      if (!bytes) byteCache.set(token, (bytes = tokenPieceBytes(model, token)));
      return bytes;
    },
  };
}

/** The configured model called `name` (loaded on first use, then cached), or null when no such model is configured. */
export function localModel(name: string): Promise<LoadedModel> | null {
  const config = localModels().find((entry) => entry.name === name);
  if (!config) return null;
  const models = state().models;
  let loaded = models.get(name);
  if (!loaded) {
    loaded = load(config);
    models.set(name, loaded);
    // A failed load is not cached: the next request tries again (the file may have appeared).
    loaded.catch(() => models.delete(name));
  }
  return loaded;
}

/** Starts loading every configured model (instrumentation.ts at server start); failures are logged, not thrown. */
export function preloadLocalModels(): void {
  for (const config of localModels()) {
    localModel(config.name)?.catch((error: unknown) => console.error(`[local models] could not load ${config.name} from ${config.path}:`, (error as Error).message));
  }
}

/**
 * Waits for exclusive use of the model's sequence and returns the function that gives it up:
 * requests to one model are served one at a time, in arrival order.
 */
export async function lockLocalModel(loaded: LoadedModel): Promise<() => void> {
  const queues = state().queues;
  const name = loaded.config.name;
  const previous = queues.get(name) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((resolve) => (release = resolve));
  const tail = previous.then(() => mine);
  queues.set(name, tail);
  await previous;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    release();
    if (queues.get(name) === tail) queues.delete(name);
  };
}
