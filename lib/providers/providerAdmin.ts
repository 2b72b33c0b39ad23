import { z } from "zod";
import { ApiError } from "@/lib/api/errors";
import type { Actor } from "@/lib/audit/auditLog";
import type { DataLayer } from "@/lib/db/database";
import { inferPreset } from "./limits";
import { baseUrlSchema, limitsOverrideSchema, modelsSchema, presetSchema, providerIdSchema } from "./providerConfig";
import { createStoredProvider, deleteStoredProvider, updateStoredProvider } from "./providerStore";
import { getProvider, isReservedProviderId, type ProviderInfo } from "./registry";

/** Settings' provider forms: what an instance admin may send (README, "Providers"). */
const providerFields = {
  label: z.string().trim().min(1).max(100).optional(),
  preset: presetSchema.optional(),
  baseURL: baseUrlSchema,
  models: modelsSchema.optional(),
  limits: limitsOverrideSchema.optional(),
};

export const createProviderSchema = z.object({ id: providerIdSchema, ...providerFields, apiKey: z.string().trim().min(1).max(4096).optional() }).strict();
/** An update replaces every field; `apiKey` absent keeps the stored key, null removes it. */
export const updateProviderSchema = z.object({ ...providerFields, apiKey: z.string().trim().min(1).max(4096).nullable().optional() }).strict();

export async function createProvider(db: DataLayer, input: z.infer<typeof createProviderSchema>, actor: Actor): Promise<ProviderInfo> {
  if (isReservedProviderId(input.id)) throw new ApiError(409, "conflict", `provider id ${input.id} is taken by a provider from LOUPE_PROVIDERS or the built-in local one`);
  await createStoredProvider(db, input.id, { ...input, preset: input.preset ?? inferPreset(input.baseURL) }, actor);
  return getProvider(input.id, db);
}

async function requireEditable(db: DataLayer, id: string): Promise<void> {
  const provider = await getProvider(id, db);
  if (provider.source !== "settings") {
    const where = provider.source === "env" ? "LOUPE_PROVIDERS" : "LOUPE_LOCAL_MODEL";
    throw new ApiError(409, "read_only", `provider ${id} comes from ${where}: change it there, not in Settings`);
  }
}

export async function updateProvider(db: DataLayer, id: string, input: z.infer<typeof updateProviderSchema>, actor: Actor): Promise<ProviderInfo> {
  await requireEditable(db, id);
  await updateStoredProvider(db, id, { ...input, preset: input.preset ?? inferPreset(input.baseURL) }, actor);
  return getProvider(id, db);
}

export async function deleteProvider(db: DataLayer, id: string, actor: Actor): Promise<void> {
  await requireEditable(db, id);
  await deleteStoredProvider(db, id, actor);
}
