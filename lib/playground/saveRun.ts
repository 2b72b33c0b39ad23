import { randomUUID } from "node:crypto";
import { z } from "zod";
import { ApiError } from "@/lib/api/errors";
import type { DataLayer } from "@/lib/db/database";
import { prepareInputs, writeBatch, type IngestInput } from "@/lib/ingest/ingestRecords";
import { sampleConsistency } from "@/lib/metrics/sampleConsistency";
import { PLAYGROUND_LIMITS, promptSchema, samplingParams, samplingSchema, type PlaygroundPrompt } from "./runRequest";

export const PLAYGROUND_TAG = "playground";
const MAX_SAVED_TOKENS = 20_000;

const logprob = z.number().max(1e-3).nullable();
const alternative = z.object({ token: z.string().max(2_048), logprob, bytes: z.array(z.number().int().min(0).max(255)).max(64).optional() });
/** A token as the run stream sent it (TokenDto); null logprob + zeroProbability is probability 0. */
const tokenInput = z.object({
  token: z.string().max(2_048),
  logprob,
  zeroProbability: z.literal(true).optional(),
  bytes: z.array(z.number().int().min(0).max(255)).max(64).nullable().optional(),
  top: z.array(alternative).max(100),
});
export type SavedToken = z.infer<typeof tokenInput>;

export const saveRequestSchema = samplingSchema.and(promptSchema).and(
  z.object({
    samples: z
      .array(z.object({ text: z.string().max(PLAYGROUND_LIMITS.promptChars * 4), finishReason: z.string().max(64).nullable(), tokens: z.array(tokenInput).min(1).max(MAX_SAVED_TOKENS) }))
      .min(1)
      .max(PLAYGROUND_LIMITS.samples),
    promptTokens: z.array(tokenInput).max(MAX_SAVED_TOKENS).optional(),
    /** Set when the run is a branch: where it left its parent and with which alternative. */
    branch: z.object({ tokenIndex: z.number().int().min(0), token: z.string().max(2_048) }).optional(),
  }),
);
export type SaveRequest = z.infer<typeof saveRequestSchema>;

/** Loupe's format has no −∞ in JSON; -9999 is the stand-in every parser reads as probability 0. */
function wireLogprob(value: number | null, zero?: true): number | null {
  return zero ? -9999 : value;
}

function loupeTokens(tokens: readonly SavedToken[]) {
  return tokens.map((token) => ({
    token: token.token,
    logprob: wireLogprob(token.logprob, token.zeroProbability),
    ...(token.bytes ? { bytes: token.bytes } : {}),
    top: token.top.map((alt) => ({ token: alt.token, logprob: alt.logprob ?? -9999, ...(alt.bytes ? { bytes: alt.bytes } : {}) })),
  }));
}

function requestOf(prompt: PlaygroundPrompt, params: Record<string, unknown>) {
  return prompt.mode === "chat" ? { messages: prompt.messages, params } : { prompt: prompt.prompt, params };
}

export interface SavedRun {
  /** The stored responses' ids, one per sample, in sample order. */
  ids: number[];
  externalId: string;
  /** Mean pairwise ROUGE-L F1 of the samples (null for a single run). */
  consistency: number | null;
}

/**
 * Stores a finished run through the ingest pipeline, tagged `playground`: one response per
 * sample under one external id (sibling samples: sample index 0..N-1), with the prompt, the
 * parameters and the prompt tokens when known. Samples carry their group's id and consistency
 * in `metadata.playground`. All or nothing: a record that would fail fails the whole save.
 */
export async function savePlaygroundRun(db: DataLayer, projectId: string, run: SaveRequest): Promise<SavedRun> {
  const externalId = `playground-${randomUUID()}`;
  const grouped = run.samples.length > 1;
  const consistency = grouped ? sampleConsistency(run.samples.map((sample) => sample.text)).consistency : null;
  const params = {
    ...samplingParams(run),
    top_logprobs: run.topLogprobs,
    ...(grouped ? { n: run.samples.length } : {}),
  };
  const metadata = {
    playground: {
      mode: run.mode,
      ...(run.branch ? { branch: run.branch } : {}),
      ...(grouped ? { sampleGroupId: externalId, sampleCount: run.samples.length, consistency } : {}),
    },
  };
  const inputs: IngestInput[] = run.samples.map((sample, index) => ({
    value: {
      format: "loupe",
      id: externalId,
      model: run.model,
      provider: run.provider,
      tags: [PLAYGROUND_TAG],
      request: requestOf(run, params),
      metadata,
      response: {
        tokens: loupeTokens(sample.tokens),
        text: sample.text,
        ...(sample.finishReason ? { finish_reason: sample.finishReason } : {}),
        ...(run.promptTokens && run.promptTokens.length > 0 ? { prompt_tokens: loupeTokens(run.promptTokens) } : {}),
        index,
      },
    },
  }));
  const batch = prepareInputs(inputs);
  const failed = batch.results.find((result) => result.error);
  if (failed?.error) throw new ApiError(400, failed.error.code, `sample ${failed.index}: ${failed.error.message}`);
  const summary = await writeBatch(db, projectId, batch);
  const writeError = summary.results.find((result) => result.error);
  if (writeError?.error) throw new ApiError(500, writeError.error.code, writeError.error.message);
  return { ids: summary.results.map((result) => result.id as number), externalId, consistency };
}
