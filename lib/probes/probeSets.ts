import crypto from "node:crypto";
import { ApiError } from "@/lib/api/errors";
import type { DataLayer } from "@/lib/db/database";
import type { ProbeSetsTable } from "@/lib/db/schema";
import { assertWithinLimits } from "@/lib/providers/limits";
import { getProvider, type ProviderInfo } from "@/lib/providers/registry";
import type { CreateProbeSetInput, UpdateProbeSetInput } from "./probeSchemas";

/** A probe set as the API answers it. */
export interface ProbeSetDto {
  id: string;
  name: string;
  providerId: string;
  model: string;
  prompts: string[];
  maxTokens: number;
  temperature: number;
  topLogprobs: number;
  runsPerPrompt: number;
  intervalMinutes: number | null;
  klThreshold: number;
  nextRunAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export function probeSetDto(row: ProbeSetsTable): ProbeSetDto {
  return {
    id: row.id,
    name: row.name,
    providerId: row.provider_id,
    model: row.model,
    prompts: JSON.parse(row.prompts) as string[],
    maxTokens: row.max_tokens,
    temperature: row.temperature,
    topLogprobs: row.top_logprobs,
    runsPerPrompt: row.runs_per_prompt,
    intervalMinutes: row.interval_minutes,
    klThreshold: row.kl_threshold,
    nextRunAt: row.next_run_at === null ? null : new Date(Number(row.next_run_at)).toISOString(),
    createdAt: new Date(Number(row.created_at)).toISOString(),
    updatedAt: new Date(Number(row.updated_at)).toISOString(),
  };
}

/** The provider a probe set names, or a 400 saying why it cannot be used (a body naming an unknown provider is bad input, not a missing URL). */
export async function probeProvider(db: DataLayer, providerId: string): Promise<ProviderInfo> {
  try {
    return await getProvider(providerId, db);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) throw new ApiError(400, "unknown_provider", error.message);
    throw error;
  }
}

/**
 * Checks a model and top_logprobs against the provider: probes need logprobs (a provider that
 * returns none is refused), top_logprobs within its limit (400 provider_limit), and for the local
 * provider, whose model list is complete, a model it serves.
 */
export function assertProbeFits(provider: ProviderInfo, model: string, topLogprobs: number): void {
  if (provider.limits.maxTopLogprobs < 1) {
    throw new ApiError(400, "provider_limit", `provider ${provider.id} returns no top logprobs (limits.maxTopLogprobs is 0): probes cannot compare its distributions`);
  }
  assertWithinLimits(provider, { endpoint: "chat", top_logprobs: topLogprobs });
  if (provider.kind === "local" && !provider.models.includes(model)) {
    throw new ApiError(400, "unknown_model", `provider local serves no model ${model} (it serves ${provider.models.join(", ")}; LOUPE_LOCAL_MODEL)`);
  }
}

export async function createProbeSet(db: DataLayer, projectId: string, input: CreateProbeSetInput, now = Date.now()): Promise<ProbeSetDto> {
  const provider = await probeProvider(db, input.providerId);
  const topLogprobs = input.topLogprobs ?? provider.limits.maxTopLogprobs;
  assertProbeFits(provider, input.model, topLogprobs);
  const row: ProbeSetsTable = {
    id: crypto.randomUUID(),
    project_id: projectId,
    name: input.name,
    provider_id: input.providerId,
    model: input.model,
    prompts: JSON.stringify(input.prompts),
    max_tokens: input.maxTokens,
    temperature: input.temperature,
    top_logprobs: topLogprobs,
    runs_per_prompt: input.runsPerPrompt,
    interval_minutes: input.intervalMinutes,
    kl_threshold: input.klThreshold,
    // A scheduled set is due at once: its first run becomes the baseline.
    next_run_at: input.intervalMinutes === null ? null : now,
    created_at: now,
    updated_at: now,
  };
  await db.insertInto("probe_sets").values(row).execute();
  return probeSetDto(row);
}

export async function listProbeSets(db: DataLayer, projectId: string): Promise<ProbeSetDto[]> {
  const rows = await db.selectFrom("probe_sets").selectAll().where("project_id", "=", projectId).orderBy("created_at", "desc").orderBy("id").execute();
  return rows.map(probeSetDto);
}

export async function findProbeSetRow(db: DataLayer, projectId: string, id: string): Promise<ProbeSetsTable> {
  const row = await db.selectFrom("probe_sets").selectAll().where("project_id", "=", projectId).where("id", "=", id).executeTakeFirst();
  if (!row) throw new ApiError(404, "not_found", `probe set ${id} not found`);
  return row;
}

/** Columns whose change makes old runs incomparable: the next run becomes the new baseline. */
const BASELINE_COLUMNS = ["provider_id", "prompts", "max_tokens", "temperature", "top_logprobs", "runs_per_prompt"] as const;

function asksDifferently(current: ProbeSetsTable, next: Partial<ProbeSetsTable>): boolean {
  return BASELINE_COLUMNS.some((column) => next[column] !== undefined && next[column] !== current[column]);
}

/**
 * Changes a probe set. Changing what is asked (provider, prompts, max tokens, temperature,
 * top_logprobs, runs per prompt) clears the baseline: the next run becomes it. The model may
 * change without that (a provider renaming a model is what probes watch for).
 */
export async function updateProbeSet(db: DataLayer, projectId: string, id: string, input: UpdateProbeSetInput, now = Date.now()): Promise<ProbeSetDto> {
  const current = await findProbeSetRow(db, projectId, id);
  const providerId = input.providerId ?? current.provider_id;
  const model = input.model ?? current.model;
  const topLogprobs = input.topLogprobs ?? current.top_logprobs;
  if (input.providerId !== undefined || input.model !== undefined || input.topLogprobs !== undefined) {
    assertProbeFits(await probeProvider(db, providerId), model, topLogprobs);
  }
  const intervalMinutes = input.intervalMinutes === undefined ? current.interval_minutes : input.intervalMinutes;
  const nextRunAt = intervalMinutes === null ? null : input.intervalMinutes !== undefined ? now : current.next_run_at;
  const changes: Partial<ProbeSetsTable> = {
    name: input.name ?? current.name,
    provider_id: providerId,
    model,
    prompts: input.prompts ? JSON.stringify(input.prompts) : current.prompts,
    max_tokens: input.maxTokens ?? current.max_tokens,
    temperature: input.temperature ?? current.temperature,
    top_logprobs: topLogprobs,
    runs_per_prompt: input.runsPerPrompt ?? current.runs_per_prompt,
    interval_minutes: intervalMinutes,
    kl_threshold: input.klThreshold ?? current.kl_threshold,
    next_run_at: nextRunAt,
    updated_at: now,
  };
  await db.transaction().execute(async (trx) => {
    await trx.updateTable("probe_sets").set(changes).where("id", "=", id).execute();
    if (asksDifferently(current, changes)) {
      await trx.updateTable("probe_runs").set({ is_baseline: false }).where("probe_set_id", "=", id).execute();
    }
  });
  return probeSetDto(await findProbeSetRow(db, projectId, id));
}

/** Deletes a probe set with its runs and their generations (alerts it raised stay in the feed). */
export async function deleteProbeSet(db: DataLayer, projectId: string, id: string): Promise<void> {
  await findProbeSetRow(db, projectId, id);
  await db.transaction().execute(async (trx) => {
    const runIds = trx.selectFrom("probe_runs").select("id").where("probe_set_id", "=", id);
    await trx.deleteFrom("probe_samples").where("run_id", "in", runIds).execute();
    await trx.deleteFrom("probe_runs").where("probe_set_id", "=", id).execute();
    await trx.deleteFrom("probe_sets").where("id", "=", id).execute();
  });
}
