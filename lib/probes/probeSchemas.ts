import { z } from "zod";
import { rowIdSchema } from "@/lib/api/schemas";

/** Default KL threshold (nats, mean over a run's compared positions) above which a run raises `modelDrift`. */
export const DEFAULT_KL_THRESHOLD = 0.1;
export const DEFAULT_PROBE_MAX_TOKENS = 32;
export const MAX_PROBE_PROMPTS = 50;
export const MAX_RUNS_PER_PROMPT = 10;
/** Shortest schedule: probes cost provider calls, and the job checks once a minute. */
export const MIN_INTERVAL_MINUTES = 5;
export const MAX_INTERVAL_MINUTES = 7 * 24 * 60;

const name = z.string().trim().min(1, "must not be empty").max(200);
const providerId = z.string().trim().min(1, "must not be empty").max(128);
const model = z.string().trim().min(1, "must not be empty").max(256);
const prompts = z.array(z.string().min(1, "a prompt must not be empty").max(8_000)).min(1, "give at least one prompt").max(MAX_PROBE_PROMPTS);
const maxTokens = z.number().int().min(1).max(512);
const temperature = z.number().finite().min(0).max(2);
const topLogprobs = z.number().int().min(1).max(100);
const runsPerPrompt = z.number().int().min(1).max(MAX_RUNS_PER_PROMPT);
const intervalMinutes = z.number().int().min(MIN_INTERVAL_MINUTES).max(MAX_INTERVAL_MINUTES).nullable();
const klThreshold = z.number().finite().positive().max(100);

/**
 * POST /api/v1/probes. `topLogprobs` defaults to the provider's highest (its limits);
 * `intervalMinutes` null (the default) runs only when asked.
 */
export const createProbeSetSchema = z
  .object({
    name,
    providerId,
    model,
    prompts,
    maxTokens: maxTokens.default(DEFAULT_PROBE_MAX_TOKENS),
    temperature: temperature.default(0),
    topLogprobs: topLogprobs.optional(),
    runsPerPrompt: runsPerPrompt.default(1),
    intervalMinutes: intervalMinutes.default(null),
    klThreshold: klThreshold.default(DEFAULT_KL_THRESHOLD),
  })
  .strict();
export type CreateProbeSetInput = z.infer<typeof createProbeSetSchema>;

/** PATCH /api/v1/probes/{id}: any field of the create body. */
export const updateProbeSetSchema = z
  .object({
    name: name.optional(),
    providerId: providerId.optional(),
    model: model.optional(),
    prompts: prompts.optional(),
    maxTokens: maxTokens.optional(),
    temperature: temperature.optional(),
    topLogprobs: topLogprobs.optional(),
    runsPerPrompt: runsPerPrompt.optional(),
    intervalMinutes: intervalMinutes.optional(),
    klThreshold: klThreshold.optional(),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, { message: "give at least one field to change" });
export type UpdateProbeSetInput = z.infer<typeof updateProbeSetSchema>;

/** POST /api/v1/probes/{id}/runs: an optional other model to run the same prompts against. */
export const runProbeSetSchema = z.object({ model: model.optional() }).strict();

/** PATCH /api/v1/probes/{id}/runs/{runId}. */
export const updateProbeRunSchema = z.object({ baseline: z.literal(true, { message: "only {\"baseline\": true} is accepted: choose a run as the baseline" }) }).strict();

export const probeSetParamsSchema = z.object({ id: z.string().uuid("not a probe set id") });
export const probeRunParamsSchema = probeSetParamsSchema.extend({ runId: rowIdSchema });
