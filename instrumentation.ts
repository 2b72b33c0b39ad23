/**
 * Next's start-up hook (runs once per server process, before the first request): starts the
 * database's background jobs (lib/db/backgroundJobs.ts) and loads the local models. Only in the Node.js runtime: the jobs
 * use the database drivers.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startBackgroundJobs } = await import("@/lib/db/backgroundJobs");
  startBackgroundJobs();
  // Local GGUF models start loading now, so no request pays the load (README, "Local models").
  const { preloadLocalModels } = await import("@/lib/llm/localRuntime");
  preloadLocalModels();
}
