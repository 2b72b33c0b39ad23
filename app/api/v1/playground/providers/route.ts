import { sessionRoute } from "@/lib/api/sessionRoute";
import { playgroundProject } from "@/lib/playground/access";
import { playgroundProviders } from "@/lib/playground/providers";

/** The providers the playground can call, with their models and limits (no base URL, never a key); `member` role. */
export const GET = sessionRoute(async (request, { db, user }) => {
  await playgroundProject(db, user, request);
  return Response.json({ providers: await playgroundProviders() });
});
