import { z } from "zod";
import { parseTrustedProxies } from "@/lib/auth/trustedProxies";
import { parseEnvProviders } from "@/lib/providers/providerConfig";
import { parseLocalModels, type LocalModelConfig } from "@/lib/llm/localModels";

/** Every environment variable Loupe reads, validated once (README, "Configuration"). */
const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, "must be a SQLite `file:` URL or a `postgresql://` URL")
    .default("file:./data/loupe.db"),
  LOUPE_API_KEY: z.string().min(16, "LOUPE_API_KEY must be at least 16 characters").optional(),
  LOUPE_DEMO: z.enum(["0", "1", "false", "true"]).default("1"),
  LOUPE_MAX_BODY_BYTES: z.coerce.number().int().positive().default(20 * 1024 * 1024),
  LOUPE_LENGTH_NORM_ALPHA: z.coerce.number().min(0).max(2).default(0.7),
  LOUPE_INGEST_RATE_PER_MINUTE: z.coerce.number().int().min(0).default(1200),
  // Per-record caps on the envelope's free-form fields (README, "Limits"; lib/ingest/bodyLimits.ts).
  LOUPE_RECORD_METADATA_BYTES: z.coerce.number().int().positive().default(64 * 1024),
  LOUPE_RECORD_METADATA_KEYS: z.coerce.number().int().positive().default(256),
  LOUPE_RECORD_MESSAGES_BYTES: z.coerce.number().int().positive().default(1024 * 1024),
  LOUPE_RECORD_MESSAGES_KEYS: z.coerce.number().int().positive().default(20_000),
  LOUPE_RECORD_PARAMS_BYTES: z.coerce.number().int().positive().default(64 * 1024),
  LOUPE_RECORD_PARAMS_KEYS: z.coerce.number().int().positive().default(1_024),
  LOUPE_RECORD_TAGS: z.coerce.number().int().positive().default(32),
  LOUPE_RECORD_TAG_CHARS: z.coerce.number().int().positive().default(128),
  LOUPE_ADMIN_EMAIL: z.string().email("LOUPE_ADMIN_EMAIL must be an email address").optional(),
  LOUPE_ADMIN_PASSWORD: z.string().min(10, "LOUPE_ADMIN_PASSWORD must be at least 10 characters").optional(),
  // Comma list of IPs/CIDRs whose X-Forwarded-For is believed (lib/auth/clientAddress.ts).
  LOUPE_TRUSTED_PROXIES: z
    .string()
    .default("")
    .superRefine((value, context) => {
      try {
        parseTrustedProxies(value);
      } catch (error) {
        context.addIssue({ code: "custom", message: `LOUPE_TRUSTED_PROXIES: ${(error as Error).message}` });
      }
    }),
  /**
   * Dashboard percentiles (median perplexity, the time series' p10/p90) are exact up to this many
   * responses in the range and read from the rollup's 0.02-nat bins above it (README, "Metrics").
   */
  LOUPE_STATS_EXACT_MAX: z.coerce.number().int().min(0).default(20_000),
  /**
   * On PostgreSQL, how long the explorer may count a common search term's matches before it
   * answers an estimate instead; 0 always estimates (lib/queries/countResponses.ts).
   */
  LOUPE_SEARCH_COUNT_BUDGET_MS: z.coerce.number().int().min(0).max(60_000).default(1_000),
  LOUPE_SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(14),
  /** Token blobs older than this many days are removed (lib/db/retention.ts); unset keeps them forever. */
  LOUPE_RETENTION_DAYS: z.coerce
    .number({ message: "LOUPE_RETENTION_DAYS must be a whole number of days" })
    .int("LOUPE_RETENTION_DAYS must be a whole number of days")
    .min(1, "LOUPE_RETENTION_DAYS must be at least 1 (unset it to keep tokens forever)")
    .max(36_500, "LOUPE_RETENTION_DAYS must be at most 36500")
    .optional(),
  /** OpenAI-compatible providers, a JSON array (README, "Providers"; lib/providers/providerConfig.ts). */
  LOUPE_PROVIDERS: z
    .string()
    .optional()
    .superRefine((value, context) => {
      for (const problem of parseEnvProviders(value, process.env).problems) context.addIssue({ code: "custom", message: problem });
    }),
  /** Encrypts provider keys stored from Settings (lib/providers/secretBox.ts); generated at first start when unset. */
  LOUPE_SECRET_KEY: z.string().min(32, "LOUPE_SECRET_KEY must be at least 32 characters (e.g. `openssl rand -base64 32`)").optional(),
  /** How long the playground waits for a provider's answer (lib/playground/providerErrors.ts). */
  LOUPE_PLAYGROUND_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
  /** Local GGUF models (README, "Local models"): a path, or a JSON array of {name, path, tokenBias?}. */
  LOUPE_LOCAL_MODEL: z
    .string()
    .optional()
    .superRefine((value, context) => {
      try {
        parseLocalModels(value);
      } catch (error) {
        context.addIssue({ code: "custom", message: (error as Error).message });
      }
    }),
  /** llama.cpp threads per local model; 1 keeps a shared machine responsive, raise it for big models. */
  LOUPE_LOCAL_THREADS: z.coerce.number().int().min(1).max(256).default(1),
  /** Context size (tokens) of each local model, capped by the model's trained context. */
  LOUPE_LOCAL_CONTEXT: z.coerce.number().int().min(64).max(1_048_576).default(2048),
  /** Lets webhooks reach loopback, link-local and private addresses (README, "Webhooks"); off by default. */
  LOUPE_WEBHOOK_ALLOW_PRIVATE: z.enum(["0", "1", "false", "true"]).default("0").transform((value) => value === "1" || value === "true"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOSTNAME: z.string().default("0.0.0.0"),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const blankToUndefined = Object.fromEntries(
    Object.entries(process.env).map(([key, value]) => [key, value === "" ? undefined : value]),
  );
  const parsed = envSchema.safeParse(blankToUndefined);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`).join("\n");
    throw new Error(`Invalid environment configuration:\n${problems}`);
  }
  cached = parsed.data;
  return cached;
}

export function demoEnabled(): boolean {
  const value = env().LOUPE_DEMO;
  return value === "1" || value === "true";
}

/** The configured local GGUF models (LOUPE_LOCAL_MODEL), already validated. */
export function localModels(): LocalModelConfig[] {
  return parseLocalModels(env().LOUPE_LOCAL_MODEL);
}

/** Test hook: forget the parsed env after tests change process.env. */
export function resetEnvCache(): void {
  cached = undefined;
}
