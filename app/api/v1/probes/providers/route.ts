import { withErrors } from "@/lib/api/errors";
import { requireReader } from "@/lib/auth/requireReader";
import { db } from "@/lib/db/database";
import { listProviders } from "@/lib/providers/registry";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * GET /api/v1/probes/providers: what a probe set can name, for any reader of the project: each
 * provider's id, label, known models and highest top_logprobs. No base URL and never a key
 * (the full list is GET /api/v1/providers, for instance admins).
 */
export const GET = withErrors(async (request: Request) => {
  await requireReader(request);
  const providers = await listProviders(db());
  return Response.json({ data: providers.map((provider) => ({ id: provider.id, label: provider.label, models: provider.models, maxTopLogprobs: provider.limits.maxTopLogprobs })) });
});
