import { z } from "zod";
import { SOURCE_FORMATS } from "@/lib/logprobs/types";

/**
 * The optional envelope around a provider response, carrying what the provider's payload
 * lacks (README, "Ingest: the envelope"). A record is an envelope by its own shape: an object
 * with a `response` key and no key outside the envelope's. One key is not enough, since
 * providers use `response` too (Ollama's `/api/generate` text).
 */
const timestampSchema = z.union([
  z.string().refine((value) => !Number.isNaN(Date.parse(value)), "must be an ISO 8601 date-time"),
  z.number().finite().nonnegative(),
]);

export const envelopeSchema = z
  .object({
    format: z.enum(SOURCE_FORMATS).optional(),
    id: z.union([z.string().min(1).max(512), z.number().int()]).optional(),
    timestamp: timestampSchema.optional(),
    model: z.string().min(1).max(256).optional(),
    provider: z.string().min(1).max(128).optional(),
    request: z
      .object({
        messages: z.array(z.unknown()).optional(),
        prompt: z.union([z.string(), z.array(z.string())]).optional(),
        params: z.record(z.string(), z.unknown()).optional(),
      })
      .passthrough()
      .optional(),
    // Count and length caps are per-deployment (recordFieldLimits), checked in prepareRecord.
    tags: z.array(z.string().min(1)).optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
    response: z.unknown(),
  })
  .strict();

export type Envelope = z.infer<typeof envelopeSchema>;

const ENVELOPE_KEYS: ReadonlySet<string> = new Set(Object.keys(envelopeSchema.shape));

export function isEnvelope(record: unknown): record is Record<string, unknown> & { response: unknown } {
  if (typeof record !== "object" || record === null || Array.isArray(record) || !("response" in record)) return false;
  for (const key in record) if (!ENVELOPE_KEYS.has(key)) return false;
  return true;
}

/**
 * An object with a `response` key and other keys that no format recognized: most likely an
 * envelope with a misspelt key, so the envelope's own error is the one worth reporting.
 */
export function mayBeMisspeltEnvelope(record: unknown): boolean {
  return typeof record === "object" && record !== null && !Array.isArray(record) && "response" in record;
}

/**
 * Epoch numbers below 1e11 are seconds (the provider convention, e.g. `created`), above are
 * milliseconds.
 */
export function parseTimestamp(value: string | number): Date {
  if (typeof value === "number") return new Date(value < 1e11 ? value * 1000 : value);
  return new Date(value);
}
