"use client";

import Link from "next/link";
import { useSyncExternalStore } from "react";

const noSubscription = () => () => {};

/**
 * A project with no responses at all: how to send the first one (a curl in Loupe's plain
 * shape, any supported provider format works) and where to get a key, instead of empty charts.
 */
export function EmptyProject({ project }: { project: string | undefined }) {
  // The browser's origin, known only after hydration (the server cannot see proxies).
  const origin = useSyncExternalStore(noSubscription, () => window.location.origin, () => "http://localhost:3000");
  const keysHref = project ? `/settings?project=${encodeURIComponent(project)}` : "/settings";
  const curl = `curl -X POST ${origin}/api/v1/ingest \\
  -H "Authorization: Bearer <your key>" \\
  -H "Content-Type: application/json" \\
  -d '{"model": "my-model", "response": {"tokens": [
        {"token": "Hello", "logprob": -0.1},
        {"token": " world", "logprob": -2.3}]}}'`;
  return (
    <section data-testid="empty-project" aria-labelledby="empty-project-heading" className="card p-6">
      <h2 id="empty-project-heading" className="text-base font-semibold text-slate-900">
        No responses in this project yet
      </h2>
      <p className="mt-1 max-w-3xl text-sm text-slate-700">
        Send a response with its logprobs to <code className="font-mono text-xs">POST /api/v1/ingest</code> and it shows up here within seconds.
        Any supported format works (OpenAI chat, streaming, legacy and Responses, Together, vLLM, llama.cpp, Ollama, or the plain shape below); the key decides the project.
      </p>
      <pre className="mt-3 overflow-x-auto rounded bg-slate-900 p-3 text-xs text-slate-100" data-testid="ingest-snippet">{curl}</pre>
      <p className="mt-3 text-sm">
        <Link href={keysHref} className="font-medium text-indigo-700 underline underline-offset-2 hover:text-indigo-900" data-testid="empty-project-keys">
          Create an ingest key in Settings
        </Link>
      </p>
    </section>
  );
}
