import { openaiRoute } from "@/lib/api/openaiRoute";
import { handleLocalChatCompletions } from "@/lib/llm/openaiEndpoint";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** POST /api/v1/openai/chat/completions: OpenAI's chat API over the local models (README, "OpenAI-compatible endpoint"). */
export const POST = openaiRoute(handleLocalChatCompletions);
