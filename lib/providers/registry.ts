import OpenAI from "openai";
import { ApiError } from "@/lib/api/errors";
import { env } from "@/lib/config/env";
import { db as dataLayer, type DataLayer } from "@/lib/db/database";
import { inferPreset, limitsFor, type ProviderLimits, type ProviderPreset } from "./limits";
import { localClient, localModelNames } from "./localProvider";
import { LOCAL_PROVIDER_ID, parseEnvProviders, type EnvProviderConfig } from "./providerConfig";
import { findStoredProvider, listStoredProviders, storedProviderKey, type StoredProvider } from "./providerStore";
import { SecretUnreadableError } from "./secretBox";

/**
 * Every provider Loupe can call (README, "Providers"): `local` (when LOUPE_LOCAL_MODEL is set),
 * those of LOUPE_PROVIDERS, and those instance admins added in Settings. Nothing here ever holds
 * or returns a key: keys are read only inside openAIClientFor, for the client it builds.
 */
export interface ProviderInfo {
  id: string;
  label: string;
  kind: "local" | "openai-compatible";
  baseURL?: string;
  models: string[];
  limits: ProviderLimits;
  source: "builtin" | "env" | "settings";
  /** Which kind of server it is (picks the known limits); `local` for the built-in one. */
  preset: ProviderPreset | "local";
  /** Whether an upstream key is configured (never the key). */
  keySet: boolean;
}

function envProviders(): EnvProviderConfig[] {
  // env() has validated LOUPE_PROVIDERS already (a bad value fails at start with every problem).
  return parseEnvProviders(env().LOUPE_PROVIDERS, process.env).providers;
}

function localInfo(): ProviderInfo | null {
  const models = localModelNames();
  if (models.length === 0) return null;
  return { id: LOCAL_PROVIDER_ID, label: "Local GGUF models", kind: "local", models, limits: limitsFor("local", null), source: "builtin", preset: "local", keySet: false };
}

function envInfo(config: EnvProviderConfig): ProviderInfo {
  const preset = config.preset ?? inferPreset(config.baseURL);
  return {
    id: config.id,
    label: config.label ?? config.id,
    kind: "openai-compatible",
    baseURL: config.baseURL,
    models: config.models ?? [],
    limits: limitsFor(preset, config.limits),
    source: "env",
    preset,
    keySet: Boolean(config.apiKeyEnv),
  };
}

function storedInfo(stored: StoredProvider): ProviderInfo {
  return {
    id: stored.id,
    label: stored.label,
    kind: "openai-compatible",
    baseURL: stored.baseURL,
    models: stored.models,
    limits: limitsFor(stored.preset, stored.limits),
    source: "settings",
    preset: stored.preset,
    keySet: stored.keySet,
  };
}

/** Every provider, built-in first, then env, then Settings (by creation). Never any key. */
export async function listProviders(db: DataLayer = dataLayer()): Promise<ProviderInfo[]> {
  const local = localInfo();
  return [...(local ? [local] : []), ...envProviders().map(envInfo), ...(await listStoredProviders(db)).map(storedInfo)];
}

/** Whether an id is taken by the built-in or an env provider (Settings providers must not shadow them). */
export function isReservedProviderId(id: string): boolean {
  return id === LOCAL_PROVIDER_ID || envProviders().some((provider) => provider.id === id);
}

export async function getProvider(providerId: string, db: DataLayer = dataLayer()): Promise<ProviderInfo> {
  if (providerId === LOCAL_PROVIDER_ID) {
    const local = localInfo();
    if (local) return local;
    throw new ApiError(404, "provider_not_found", "provider local is not configured: set LOUPE_LOCAL_MODEL to a .gguf file (README, \"Local models\")");
  }
  const fromEnv = envProviders().find((provider) => provider.id === providerId);
  if (fromEnv) return envInfo(fromEnv);
  const stored = await findStoredProvider(db, providerId);
  if (stored) return storedInfo(stored);
  throw new ApiError(404, "provider_not_found", `no provider ${providerId}: add it in Settings or LOUPE_PROVIDERS (README, "Providers")`);
}

export interface ClientOptions {
  /** The caller's own upstream key (the proxy's `Loupe-Key` mode), instead of the configured one. */
  apiKey?: string;
  /** Per-request timeout, ms (the SDK's default is 10 minutes). */
  timeoutMs?: number;
  /** Retries on 429/5xx/connection errors; 0 where the caller must see the upstream's answer. */
  maxRetries?: number;
  /** Wraps the HTTP fetch of a network provider (the proxy keeps upstream error bodies byte for byte). */
  wrapFetch?: (inner: typeof fetch) => typeof fetch;
  db?: DataLayer;
}

async function upstreamKey(provider: ProviderInfo, db: DataLayer): Promise<string | null> {
  if (provider.source === "env") {
    const name = envProviders().find((config) => config.id === provider.id)?.apiKeyEnv;
    return name ? (process.env[name] ?? null) : null;
  }
  try {
    return await storedProviderKey(db, provider.id);
  } catch (error) {
    if (error instanceof SecretUnreadableError) throw new ApiError(500, "provider_key_unreadable", `provider ${provider.id}: ${error.message}`);
    throw error;
  }
}

/**
 * The official `openai` SDK client for a provider: `local` dispatches in-process to the local
 * models (lib/llm), every other provider goes to its base URL with its key. A provider without a
 * key gets no Authorization header at all (Ollama, llama.cpp, vLLM without --api-key).
 */
export async function openAIClientFor(providerId: string, options: ClientOptions = {}): Promise<{ client: OpenAI; provider: ProviderInfo }> {
  const db = options.db ?? dataLayer();
  const provider = await getProvider(providerId, db);
  const tuning = {
    ...(options.timeoutMs !== undefined ? { timeout: options.timeoutMs } : {}),
    ...(options.maxRetries !== undefined ? { maxRetries: options.maxRetries } : {}),
  };
  if (provider.kind === "local") {
    const client = localClient();
    return { client: Object.keys(tuning).length > 0 ? client.withOptions(tuning) : client, provider };
  }
  const key = options.apiKey ?? (await upstreamKey(provider, db));
  const client = new OpenAI({
    baseURL: provider.baseURL,
    apiKey: key ?? "no-key",
    ...(key ? {} : { defaultHeaders: { Authorization: null } }),
    ...(options.wrapFetch ? { fetch: options.wrapFetch(globalThis.fetch) } : {}),
    ...tuning,
  });
  return { client, provider };
}
