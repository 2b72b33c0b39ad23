import { scoreIngestedResponses, type IngestedResponse } from "@/lib/classification/scoring";
import { env } from "@/lib/config/env";
import { ingestDetectorSettings, type TagDetectorSettings } from "@/lib/alerts/detectorSettings";
import { writePreparedBatch, type WriteOutcome } from "@/lib/db/ingestWriter";
import type { DetectorSettings } from "@/lib/metrics/detectors/settings";
import type { DataLayer } from "@/lib/db/database";
import type { NormalizedToken } from "@/lib/logprobs/types";
import { prepareRecord, RecordError, type PreparedResponse } from "./prepare";

export interface RecordResult {
  index: number;
  /** Id of the stored response (the first sample's, when the record held n>1 choices). */
  id?: number;
  /** All sample ids, when the record held more than one choice. */
  sampleIds?: number[];
  duplicate?: true;
  error?: { code: string; message: string };
}

export interface IngestSummary {
  ingested: number;
  duplicates: number;
  errors: number;
  results: RecordResult[];
}

/** An input record, or the error it already failed with before parsing (e.g. a bad NDJSON line). */
export type IngestInput = { value: unknown } | { error: { code: string; message: string } };

export interface IngestOptions {
  now?: number;
  lengthNormAlpha?: number;
  /** The project's detector settings (projectDetectorSettings); the defaults when absent. */
  detectorSettings?: DetectorSettings;
  /** Per-tag settings (ingestDetectorSettings). */
  tagDetectorSettings?: TagDetectorSettings;
}

/** Records parsed and scored, not yet written: what a worker thread hands back (plain data). */
export interface PreparedBatch {
  results: RecordResult[];
  prepared: PreparedResponse[][];
  /** Input index of each entry of `prepared`. */
  preparedIndex: number[];
  now: number;
}

/** Parses and scores every record (no database): a bad record becomes an error at its index. */
export function prepareInputs(inputs: readonly IngestInput[], options: IngestOptions = {}): PreparedBatch {
  return prepareEach(inputs.length, (index) => inputs[index] as IngestInput, options);
}

/**
 * The same over `count` records that `input` hands over one at a time, so a caller can parse
 * each record just before it is scored and let it go right after (recordRanges.ts).
 */
export function prepareEach(count: number, input: (index: number) => IngestInput, options: IngestOptions = {}): PreparedBatch {
  const now = options.now ?? Date.now();
  const prepareOptions = { now, lengthNormAlpha: options.lengthNormAlpha ?? env().LOUPE_LENGTH_NORM_ALPHA, detectorSettings: options.detectorSettings, tagDetectorSettings: options.tagDetectorSettings };
  const results: RecordResult[] = [];
  const prepared: PreparedResponse[][] = [];
  const preparedIndex: number[] = [];
  for (let index = 0; index < count; index++) {
    const result: RecordResult = { index };
    results.push(result);
    const record = input(index);
    if ("error" in record) {
      result.error = record.error;
      continue;
    }
    try {
      prepared.push(prepareRecord(record.value, prepareOptions));
      preparedIndex.push(index);
    } catch (error) {
      if (!(error instanceof RecordError)) throw error;
      result.error = { code: error.code, message: error.message };
    }
  }
  return { results, prepared, preparedIndex, now };
}

/** Writes a prepared batch and summarizes it per record. */
export async function writeBatch(db: DataLayer, projectId: string, batch: PreparedBatch): Promise<IngestSummary> {
  const outcomes = batch.prepared.length > 0 ? await writePreparedBatch(db, projectId, batch.prepared, batch.now) : [];
  await scoreIngestedResponses(db, projectId, freshResponses(batch.prepared, outcomes));
  return summarize(batch, outcomes);
}

/** Rows one write slice may insert (responses plus tag rows): ~20 ms of the main thread. */
export const WRITE_SLICE_ROWS = 2_000;

/** Consecutive runs of records holding about WRITE_SLICE_ROWS rows each (one record is never split). */
function writeSlices(prepared: PreparedResponse[][]): PreparedResponse[][][] {
  const slices: PreparedResponse[][][] = [];
  let current: PreparedResponse[][] = [];
  let rows = 0;
  for (const samples of prepared) {
    current.push(samples);
    for (const sample of samples) rows += 1 + sample.tags.length;
    if (rows >= WRITE_SLICE_ROWS) {
      slices.push(current);
      current = [];
      rows = 0;
    }
  }
  if (current.length > 0) slices.push(current);
  return slices;
}

/**
 * The same as writeBatch, one transaction per slice of ~WRITE_SLICE_ROWS rows with the event
 * loop free in between: one batch of 2,300 records x 64 tags held the main thread for 1.5 s,
 * stalling every other request. Records stay all-or-nothing; rollups add up per slice.
 */
export async function writeBatchInSlices(db: DataLayer, projectId: string, batch: PreparedBatch): Promise<IngestSummary> {
  const outcomes: WriteOutcome[] = [];
  for (const slice of writeSlices(batch.prepared)) {
    if (outcomes.length > 0) await new Promise((resolve) => setImmediate(resolve));
    outcomes.push(...(await writePreparedBatch(db, projectId, slice, batch.now)));
  }
  await scoreIngestedResponses(db, projectId, freshResponses(batch.prepared, outcomes));
  return summarize(batch, outcomes);
}

/** A token's logprobs at the float32 precision the token blob stores, so ingest and background scoring agree. */
function asStored(token: NormalizedToken | undefined): NormalizedToken | undefined {
  if (!token) return undefined;
  return {
    ...token,
    logprob: token.logprob === null ? null : Math.fround(token.logprob),
    top: token.top.map((alt) => ({ ...alt, logprob: Math.fround(alt.logprob) })),
  };
}

/** The newly stored samples (not resent ones) with what classification scoring needs. */
function freshResponses(prepared: PreparedResponse[][], outcomes: WriteOutcome[]): IngestedResponse[] {
  return outcomes.flatMap((outcome, i) => {
    if ("error" in outcome || outcome.duplicate) return [];
    const samples = prepared[i] as PreparedResponse[];
    // Only tagged responses can belong to a task: the rest cost nothing here.
    return outcome.ids.flatMap((id, j) => {
      const sample = samples[j] as PreparedResponse;
      if (sample.tags.length === 0) return [];
      return [{ id, externalId: sample.externalId, occurredAt: sample.occurredAt, tags: sample.tags, firstToken: asStored(sample.firstToken), metadata: sample.metadata }];
    });
  });
}

function summarize(batch: PreparedBatch, outcomes: WriteOutcome[]): IngestSummary {
  const { results, preparedIndex } = batch;
  let ingested = 0;
  let duplicates = 0;
  outcomes.forEach((outcome, i) => {
    const result = results[preparedIndex[i] as number] as RecordResult;
    if ("error" in outcome) {
      result.error = outcome.error;
      return;
    }
    result.id = outcome.ids[0];
    if (outcome.ids.length > 1) result.sampleIds = outcome.ids;
    if (outcome.duplicate) {
      result.duplicate = true;
      duplicates++;
    } else {
      ingested++;
    }
  });
  return { ingested, duplicates, errors: results.filter((r) => r.error).length, results };
}

/**
 * The one ingestion path behind the HTTP API, the CLI and the demo seeder: parse and score
 * every record, then write the good ones in one batch. A bad record is reported by its index
 * and costs the others nothing.
 */
export async function ingestRecords(
  db: DataLayer,
  projectId: string,
  inputs: readonly IngestInput[],
  options: IngestOptions = {},
): Promise<IngestSummary> {
  const settings = options.detectorSettings ? { detectorSettings: options.detectorSettings, tagDetectorSettings: options.tagDetectorSettings } : await ingestDetectorSettings(db, projectId);
  return writeBatch(db, projectId, prepareInputs(inputs, { ...options, ...settings }));
}
