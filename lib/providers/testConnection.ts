import type { DataLayer } from "@/lib/db/database";
import { describeProviderError, type ProviderProblem } from "./providerErrors";
import { openAIClientFor } from "./registry";

export type ConnectionResult = { ok: true; models: string[]; latencyMs: number } | ({ ok: false; latencyMs: number } & ProviderProblem);

export const TEST_TIMEOUT_MS = 10_000;

/** "Test connection": lists the provider's models through the SDK, once, without retries. */
export async function testProviderConnection(db: DataLayer, providerId: string, timeoutMs = TEST_TIMEOUT_MS): Promise<ConnectionResult> {
  const { client, provider } = await openAIClientFor(providerId, { db, timeoutMs, maxRetries: 0 });
  const started = performance.now();
  try {
    const page = await client.models.list();
    return { ok: true, models: page.data.map((model) => model.id), latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { ok: false, latencyMs: Math.round(performance.now() - started), ...describeProviderError(error, provider, timeoutMs) };
  }
}
