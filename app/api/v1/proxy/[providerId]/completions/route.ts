import { proxyRouteHandler } from "@/lib/proxy/proxyRoute";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** POST /api/v1/proxy/{providerId}/completions: OpenAI legacy completions through Loupe, recorded (README, "Logging proxy"). */
export const POST = proxyRouteHandler("completions");
