import { openaiRoute } from "@/lib/api/openaiRoute";
import { handleLocalCompletions } from "@/lib/llm/openaiEndpoint";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** POST /api/v1/openai/completions: OpenAI's legacy completions API over the local models (README, "OpenAI-compatible endpoint"). */
export const POST = openaiRoute(handleLocalCompletions);
