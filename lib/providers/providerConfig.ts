import { z } from "zod";
import { PROVIDER_PRESETS } from "./limits";

/** The pieces of a provider's configuration, shared by LOUPE_PROVIDERS and the Settings API. */
export const LOCAL_PROVIDER_ID = "local";

export const providerIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, "must be 1-63 lower-case letters, digits, `-` or `_`, starting with a letter or digit")
  .refine((id) => id !== LOCAL_PROVIDER_ID, "`local` is reserved for the built-in local model (LOUPE_LOCAL_MODEL)");

export const baseUrlSchema = z
  .string()
  .refine((value) => URL.canParse(value), "must be a URL such as https://api.openai.com/v1")
  .refine((value) => !URL.canParse(value) || /^https?:$/.test(new URL(value).protocol), "must be an http:// or https:// URL")
  .transform((value) => value.replace(/\/+$/, ""));

export const limitsOverrideSchema = z
  .object({
    maxTopLogprobs: z.number().int().min(0).max(100),
    promptLogprobs: z.boolean(),
    completions: z.boolean(),
    maxCompletionLogprobs: z.number().int().min(0).max(100),
  })
  .partial()
  .strict();

export const modelsSchema = z.array(z.string().trim().min(1).max(256)).max(500);

export const presetSchema = z.enum(PROVIDER_PRESETS);

const envProviderSchema = z
  .object({
    id: providerIdSchema,
    baseURL: baseUrlSchema,
    label: z.string().trim().min(1).max(100).optional(),
    preset: presetSchema.optional(),
    apiKeyEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be the name of an environment variable").optional(),
    models: modelsSchema.optional(),
    limits: limitsOverrideSchema.optional(),
  })
  .strict();

export type EnvProviderConfig = z.infer<typeof envProviderSchema>;

/**
 * LOUPE_PROVIDERS (a JSON array) -> provider configs, or a list of readable problems
 * (`LOUPE_PROVIDERS[1].baseURL: must be a URL ...`). A named apiKeyEnv must be set: a provider
 * whose key is missing would fail on every call, so it fails at start instead.
 */
export function parseEnvProviders(text: string | undefined, environment: Record<string, string | undefined>): { providers: EnvProviderConfig[]; problems: string[] } {
  if (!text || text.trim() === "") return { providers: [], problems: [] };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { providers: [], problems: [`LOUPE_PROVIDERS is not valid JSON: ${(error as Error).message}`] };
  }
  const parsed = z.array(envProviderSchema).safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const [index, ...rest] = issue.path;
      const where = typeof index === "number" ? `LOUPE_PROVIDERS[${index}]${rest.length ? `.${rest.join(".")}` : ""}` : "LOUPE_PROVIDERS";
      return `${where}: ${issue.message}`;
    });
    return { providers: [], problems };
  }
  const problems: string[] = [];
  const seen = new Set<string>();
  parsed.data.forEach((provider, index) => {
    if (seen.has(provider.id)) problems.push(`LOUPE_PROVIDERS[${index}].id: \`${provider.id}\` is used twice`);
    seen.add(provider.id);
    if (provider.apiKeyEnv && !environment[provider.apiKeyEnv]) {
      problems.push(`LOUPE_PROVIDERS[${index}].apiKeyEnv: ${provider.apiKeyEnv} is not set (provider ${provider.id} needs its key there)`);
    }
  });
  return { providers: problems.length ? [] : parsed.data, problems };
}
