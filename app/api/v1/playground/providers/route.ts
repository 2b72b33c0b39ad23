import { sessionRoute } from "@/lib/api/sessionRoute";
import { playgroundProviders } from "@/lib/playground/providers";

/** The providers the playground can call, with their models and limits (never a key). */
export const GET = sessionRoute(async () => Response.json({ providers: await playgroundProviders() }));
