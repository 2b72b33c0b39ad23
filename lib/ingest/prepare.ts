import { isLiteLLMPayload, parsePayload } from "@/lib/logprobs";
import { ParseError, type NormalizedToken, type ParsedPayload, type SourceFormat } from "@/lib/logprobs/types";
import { settingsForTags, type TagDetectorSettings } from "@/lib/alerts/detectorSettings";
import { runDetectors, type DetectorFinding } from "@/lib/metrics/detectors";
import type { DetectorSettings } from "@/lib/metrics/detectors/settings";
import type { ResponseFlag } from "@/lib/metrics/flags";
import { positionBucket, probBucket } from "@/lib/metrics/heatmapBuckets";
import { siblingConsistency } from "@/lib/metrics/sampleConsistency";
import { responseMetrics, type ResponseMetrics } from "@/lib/metrics/responseMetrics";
import { encodeTokens } from "@/lib/storage/tokenBlob";
import { storableText } from "@/lib/db/storableText";
import { fieldOverLimit, recordFieldLimits } from "./bodyLimits";
import { liteLLMEnvelope } from "./litellm";
import { RecordError } from "./recordError";
import { envelopeSchema, isEnvelope, mayBeMisspeltEnvelope, parseTimestamp, type Envelope } from "./envelope";

/** One response ready to be written: every column plus the heatmap counts it contributes. */
export interface PreparedResponse {
  externalId: string | null;
  sampleIndex: number;
  provider: string | null;
  model: string;
  sourceFormat: SourceFormat;
  occurredAt: number;
  prompt: string | null;
  messages: unknown[] | null;
  params: Record<string, unknown> | null;
  outputText: string;
  finishReason: string | null;
  tags: string[];
  metadata: Record<string, unknown> | null;
  metrics: ResponseMetrics;
  /** Every enabled detector that fired, with its evidence: stored as alerts. */
  findings: DetectorFinding[];
  /** The findings as `{rule, value, threshold}`: the responses.flags column the dashboard reads. */
  flags: ResponseFlag[];
  tokensBlob: Buffer;
  promptTokenCount: number;
  promptTokensBlob: Buffer | null;
  /** Token counts keyed by positionBucket * 64 + probBucket. */
  heatmapCounts: Map<number, number>;
  /** Tokens of probability 0 (logprob −∞): kept out of the metrics' sums, they make the sequence probability 0. */
  zeroProbabilityTokens: number;
  /** The first generated token, for classification tasks scored at ingest (lib/classification/scoring.ts). */
  firstToken: NormalizedToken | undefined;
}


const PROVIDER_BY_FORMAT: Record<SourceFormat, string | null> = {
  "openai-chat": "openai",
  "openai-chat-stream": "openai",
  "openai-legacy": "openai",
  "openai-responses": "openai",
  together: "together",
  vllm: "vllm",
  llamacpp: "llama.cpp",
  ollama: "ollama",
  loupe: null,
};

/**
 * The model a response is stored under when neither the envelope nor the payload names one
 * (e.g. `"model": ""` from a llama.cpp fork): shown and filtered like any other model.
 */
export const UNKNOWN_MODEL = "unknown";

/** Per-record limits: a hostile or broken record gets a clear error instead of exhausting memory. */
export const RECORD_LIMITS = {
  tokensPerResponse: 200_000,
  alternativesPerToken: 100,
  tokenTextChars: 2_048,
  modelChars: 256,
  samplesPerRecord: 1_000,
} as const;

function storableTextOrNull(text: string | null | undefined): string | null {
  return text === null || text === undefined ? null : storableText(text);
}

/** Logprobs are ≤ 0; a hair above absorbs providers' rounding (e.g. 1e-7 for a certain token). */
const MAX_LOGPROB = 1e-3;
const LATEST_TIME = Date.parse("9999-12-31T23:59:59Z");

function checkLogprob(value: number | null, where: string): void {
  if (value !== null && !(value <= MAX_LOGPROB)) throw new RecordError("invalid_payload", `${where}: logprob ${value} is not a log probability (must be ≤ 0)`);
}

function checkLimits(parsed: ParsedPayload, model: string): void {
  if (model.length > RECORD_LIMITS.modelChars) throw new RecordError("limit_exceeded", `model: longer than ${RECORD_LIMITS.modelChars} characters`);
  if (parsed.samples.length > RECORD_LIMITS.samplesPerRecord) {
    throw new RecordError("limit_exceeded", `${parsed.samples.length} choices, over the limit of ${RECORD_LIMITS.samplesPerRecord}`);
  }
  const seenIndexes = new Set<number>();
  for (const sample of parsed.samples) {
    if (sample.sampleIndex > RECORD_LIMITS.samplesPerRecord) throw new RecordError("invalid_payload", `choice index ${sample.sampleIndex} is out of range`);
    // Samples are stored by (externalId, index): a second choice with the same index would be
    // a silent duplicate of the first, so the record is refused whole.
    if (seenIndexes.has(sample.sampleIndex)) {
      throw new RecordError("invalid_payload", `two choices have index ${sample.sampleIndex}; each choice needs its own index`);
    }
    seenIndexes.add(sample.sampleIndex);
    if (sample.tokens.length > RECORD_LIMITS.tokensPerResponse) {
      throw new RecordError("limit_exceeded", `choice ${sample.sampleIndex}: ${sample.tokens.length} tokens, over the limit of ${RECORD_LIMITS.tokensPerResponse}`);
    }
    sample.tokens.forEach((token, position) => {
      checkLogprob(token.logprob, `token ${position}`);
      for (const alt of token.top) checkLogprob(alt.logprob, `token ${position} alternative "${alt.token.slice(0, 20)}"`);
      if (token.top.length > RECORD_LIMITS.alternativesPerToken) {
        throw new RecordError("limit_exceeded", `token ${position}: ${token.top.length} alternatives, over the limit of ${RECORD_LIMITS.alternativesPerToken}`);
      }
      if (token.token.length > RECORD_LIMITS.tokenTextChars || token.top.some((alt) => alt.token.length > RECORD_LIMITS.tokenTextChars)) {
        throw new RecordError("limit_exceeded", `token ${position}: token text longer than ${RECORD_LIMITS.tokenTextChars} characters`);
      }
    });
  }
}

/**
 * The envelope's free-form fields as the caller sent them. zod rebuilds records key by key,
 * which drops an own `__proto__` key (JSON.parse keeps it as data); the values themselves
 * were validated, so the originals are stored.
 */
function freeFormFields(record: Record<string, unknown>) {
  const request = typeof record.request === "object" && record.request !== null ? (record.request as Record<string, unknown>) : undefined;
  return {
    metadata: (record.metadata as Record<string, unknown> | undefined) ?? null,
    params: (request?.params as Record<string, unknown> | undefined) ?? null,
    messages: (request?.messages as unknown[] | undefined) ?? null,
  };
}

/** limit_exceeded for metadata, messages, params or tags over the deployment's caps. */
function checkFieldLimits(fields: ReturnType<typeof freeFormFields>, tags: readonly unknown[]): void {
  const limits = recordFieldLimits();
  const over =
    fieldOverLimit("metadata", fields.metadata, limits.metadataBytes, limits.metadataKeys) ??
    fieldOverLimit("request.messages", fields.messages, limits.messagesBytes, limits.messagesKeys) ??
    fieldOverLimit("request.params", fields.params, limits.paramsBytes, limits.paramsKeys);
  if (over) throw new RecordError("limit_exceeded", over);
  if (tags.length > limits.tagsPerRecord) throw new RecordError("limit_exceeded", `tags: ${tags.length}, over the limit of ${limits.tagsPerRecord}`);
  const long = tags.find((tag): tag is string => typeof tag === "string" && tag.length > limits.tagChars);
  if (long !== undefined) throw new RecordError("limit_exceeded", `tags: tag "${long.slice(0, 20)}…" is longer than ${limits.tagChars} characters`);
}

/** The envelope, or the RecordError its first issue makes. */
function readEnvelope(record: unknown): Envelope {
  const parsed = envelopeSchema.safeParse(record);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join(".") : "envelope";
  throw new RecordError("invalid_envelope", `${where}: ${issue?.message ?? "invalid"}`, parsed.error.issues);
}

export interface PrepareOptions {
  lengthNormAlpha: number;
  /** Default occurredAt when neither the envelope nor the payload carries a time. */
  now: number;
  /** The project's detector switches and thresholds; the defaults when absent. */
  detectorSettings?: DetectorSettings;
  /** Per-tag settings (a response takes its first tag's that has any). */
  tagDetectorSettings?: TagDetectorSettings;
}

export { RecordError };

/** Validates and parses one record (bare payload, envelope or LiteLLM payload). Throws RecordError. */
export function prepareRecord(input: unknown, options: PrepareOptions): PreparedResponse[] {
  // A LiteLLM StandardLoggingPayload becomes the envelope it amounts to (./litellm.ts).
  const record = isLiteLLMPayload(input) ? liteLLMEnvelope(input) : input;
  let envelope: Envelope | null = null;
  let fields: ReturnType<typeof freeFormFields> = { metadata: null, params: null, messages: null };
  let payload: unknown = record;
  if (isEnvelope(record)) {
    // Caps first: zod rebuilds a record key by key, seconds for a metadata of a million keys.
    fields = freeFormFields(record);
    checkFieldLimits(fields, Array.isArray(record.tags) ? (record.tags as string[]) : []);
    envelope = readEnvelope(record);
    payload = envelope.response;
  }

  let parsed: ParsedPayload;
  try {
    const promptLogprobs = fields.params?.prompt_logprobs;
    parsed = parsePayload(payload, envelope?.format, typeof promptLogprobs === "number" && Number.isInteger(promptLogprobs) && promptLogprobs >= 0 ? { promptLogprobs } : {});
  } catch (error) {
    if (!(error instanceof ParseError)) throw error;
    if (envelope === null && error.code === "unknown_format" && mayBeMisspeltEnvelope(record)) readEnvelope(record);
    throw new RecordError(error.code, error.message);
  }
  if (parsed.samples.length === 0) throw new RecordError("no_logprobs", "the response has no choices with logprobs");

  const model = storableText(envelope?.model || parsed.model || UNKNOWN_MODEL);
  checkLimits(parsed, model);
  const externalId = storableTextOrNull(envelope?.id !== undefined ? String(envelope.id) : parsed.providerId);
  const fromEnvelope = envelope?.timestamp !== undefined;
  const occurredAt = fromEnvelope ? parseTimestamp(envelope?.timestamp as string | number).getTime() : (parsed.createdAt?.getTime() ?? options.now);
  if (!Number.isFinite(occurredAt) || occurredAt < 0 || occurredAt > LATEST_TIME) {
    throw fromEnvelope
      ? new RecordError("invalid_envelope", "timestamp: not a valid date between 1970 and 9999")
      : new RecordError("invalid_payload", "created: not a valid time between 1970 and 9999");
  }
  const request = envelope?.request;
  const prompt = typeof request?.prompt === "string" ? request.prompt : Array.isArray(request?.prompt) ? request.prompt.join("\n") : parsed.prompt;
  const promptTokens = parsed.promptTokens;
  const promptTokensBlob = promptTokens && promptTokens.length > 0 ? encodeTokens(promptTokens) : null;

  const sampleConsistency = siblingConsistency(parsed.samples.map((sample) => sample.outputText), fields.metadata);
  return parsed.samples.map((sample) => {
    const metrics = responseMetrics(sample.tokens, { lengthNormAlpha: options.lengthNormAlpha });
    const findings = runDetectors(sample.tokens, metrics, settingsForTags(options, envelope?.tags ?? []), { sampleConsistency });
    const heatmapCounts = new Map<number, number>();
    let zeroProbabilityTokens = 0;
    sample.tokens.forEach((token, position) => {
      if (token.logprob === null) return;
      if (token.logprob === -Infinity) zeroProbabilityTokens++;
      const key = positionBucket(position) * 64 + probBucket(Math.exp(token.logprob));
      heatmapCounts.set(key, (heatmapCounts.get(key) ?? 0) + 1);
    });
    return {
      externalId,
      sampleIndex: sample.sampleIndex,
      provider: storableTextOrNull(envelope?.provider ?? PROVIDER_BY_FORMAT[parsed.format]),
      model,
      sourceFormat: parsed.format,
      occurredAt,
      prompt: storableTextOrNull(prompt ?? null),
      messages: fields.messages,
      params: fields.params,
      outputText: storableText(sample.outputText),
      finishReason: storableTextOrNull(sample.finishReason),
      tags: envelope?.tags ? [...new Set(envelope.tags.map(storableText))] : [],
      metadata: fields.metadata,
      metrics,
      findings,
      flags: findings.map((finding) => ({ rule: finding.detector, value: finding.value, threshold: finding.threshold })),
      tokensBlob: encodeTokens(sample.tokens),
      promptTokenCount: promptTokens?.length ?? 0,
      promptTokensBlob,
      heatmapCounts,
      zeroProbabilityTokens,
      firstToken: sample.tokens[0],
    };
  });
}
