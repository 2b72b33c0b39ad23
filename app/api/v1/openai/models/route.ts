import { openaiRoute } from "@/lib/api/openaiRoute";
import { localModelsList } from "@/lib/llm/openaiEndpoint";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** GET /api/v1/openai/models: the configured local models in OpenAI's list shape. */
export const GET = openaiRoute(async () => localModelsList(), { body: false });
