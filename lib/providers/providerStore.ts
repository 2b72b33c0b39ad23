import { ApiError } from "@/lib/api/errors";
import { audit, type Actor } from "@/lib/audit/auditLog";
import type { DataLayer } from "@/lib/db/database";
import type { ProviderLimits, ProviderPreset } from "./limits";
import { decryptSecret, encryptSecret, serverSecret } from "./secretBox";

/** A provider added in Settings, as stored (the key stays encrypted until a call needs it). */
export interface StoredProvider {
  id: string;
  label: string;
  preset: ProviderPreset;
  baseURL: string;
  keySet: boolean;
  models: string[];
  limits: Partial<ProviderLimits>;
  createdAt: number;
  updatedAt: number;
}

export interface ProviderInput {
  label?: string;
  preset: ProviderPreset;
  baseURL: string;
  /** A new key; null removes the stored one; undefined keeps it. */
  apiKey?: string | null;
  models?: string[];
  limits?: Partial<ProviderLimits>;
}

type Row = { id: string; label: string; preset: string; base_url: string; api_key_encrypted: string | null; models: string | null; limits: string | null; created_at: number; updated_at: number };

function fromRow(row: Row): StoredProvider {
  return {
    id: row.id,
    label: row.label,
    preset: row.preset as ProviderPreset,
    baseURL: row.base_url,
    keySet: row.api_key_encrypted !== null,
    models: row.models ? (JSON.parse(row.models) as string[]) : [],
    limits: row.limits ? (JSON.parse(row.limits) as Partial<ProviderLimits>) : {},
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

export async function listStoredProviders(db: DataLayer): Promise<StoredProvider[]> {
  const rows = await db.selectFrom("providers").selectAll().orderBy("created_at").orderBy("id").execute();
  return rows.map(fromRow);
}

export async function findStoredProvider(db: DataLayer, id: string): Promise<StoredProvider | null> {
  const row = await db.selectFrom("providers").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? fromRow(row) : null;
}

/** The stored key in plain text, for the one upstream call that needs it; null when none is set. */
export async function storedProviderKey(db: DataLayer, id: string): Promise<string | null> {
  const row = await db.selectFrom("providers").select("api_key_encrypted").where("id", "=", id).executeTakeFirst();
  if (!row?.api_key_encrypted) return null;
  return decryptSecret(row.api_key_encrypted, (await serverSecret(db)).secret, id);
}

/** What the audit log says about a change: never the key, only whether one was set. */
function auditDetails(id: string, input: ProviderInput) {
  return { id, baseURL: input.baseURL, preset: input.preset, models: input.models ?? [], keyChanged: input.apiKey !== undefined };
}

export async function createStoredProvider(db: DataLayer, id: string, input: ProviderInput, actor: Actor): Promise<StoredProvider> {
  const now = Date.now();
  const secret = input.apiKey ? (await serverSecret(db)).secret : null;
  const inserted = await db
    .insertInto("providers")
    .values({
      id,
      label: input.label ?? id,
      preset: input.preset,
      base_url: input.baseURL,
      api_key_encrypted: input.apiKey && secret ? encryptSecret(input.apiKey, secret, id) : null,
      models: JSON.stringify(input.models ?? []),
      limits: JSON.stringify(input.limits ?? {}),
      created_at: now,
      updated_at: now,
    })
    .onConflict((conflict) => conflict.column("id").doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) throw new ApiError(409, "conflict", `a provider with id ${id} already exists`);
  await audit(db, actor, "provider.created", null, auditDetails(id, input));
  return (await findStoredProvider(db, id)) as StoredProvider;
}

export async function updateStoredProvider(db: DataLayer, id: string, input: ProviderInput, actor: Actor): Promise<StoredProvider> {
  if (input.apiKey === undefined) {
    // The stored key was entered for its host: a new base URL without the key again would send it there.
    const stored = await db.selectFrom("providers").select(["base_url", "api_key_encrypted"]).where("id", "=", id).executeTakeFirst();
    if (stored && stored.api_key_encrypted !== null && stored.base_url !== input.baseURL) {
      throw new ApiError(400, "key_required", "the base URL changed: enter the key again (or remove it), so the stored key is not sent to another host");
    }
  }
  let keyColumn: { api_key_encrypted?: string | null } = {};
  if (input.apiKey === null) keyColumn = { api_key_encrypted: null };
  else if (input.apiKey !== undefined) keyColumn = { api_key_encrypted: encryptSecret(input.apiKey, (await serverSecret(db)).secret, id) };
  const result = await db
    .updateTable("providers")
    .set({
      label: input.label ?? id,
      preset: input.preset,
      base_url: input.baseURL,
      models: JSON.stringify(input.models ?? []),
      limits: JSON.stringify(input.limits ?? {}),
      updated_at: Date.now(),
      ...keyColumn,
    })
    .where("id", "=", id)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw new ApiError(404, "not_found", `no provider ${id} added in Settings`);
  await audit(db, actor, "provider.updated", null, auditDetails(id, input));
  return (await findStoredProvider(db, id)) as StoredProvider;
}

export async function deleteStoredProvider(db: DataLayer, id: string, actor: Actor): Promise<void> {
  const result = await db.deleteFrom("providers").where("id", "=", id).executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw new ApiError(404, "not_found", `no provider ${id} added in Settings`);
  await audit(db, actor, "provider.deleted", null, { id });
}
