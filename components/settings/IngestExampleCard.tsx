"use client";

import { useSyncExternalStore } from "react";
import { SettingsCard } from "./controls";

const noSubscription = () => () => {};

/** How to send data: a curl example with a placeholder key (keys are never shown after creation). */
export function IngestExampleCard({ maxBodyBytes }: { maxBodyBytes: number }) {
  // The server cannot know the origin the browser sees (proxies); the client fills it in after hydration.
  const origin = useSyncExternalStore(noSubscription, () => window.location.origin, () => "http://localhost:3000");
  const curl = `curl -X POST ${origin}/api/v1/ingest \\
  -H "Authorization: Bearer <your key>" \\
  -H "Content-Type: application/json" \\
  --data-binary @response.json`;
  return (
    <SettingsCard
      title="Send responses"
      subtitle={`POST any supported format (OpenAI chat / streaming / legacy / Responses, Together, vLLM, llama.cpp, Ollama, or Loupe's plain shape) with a key that has the ingest scope; the key decides the project. Bodies up to ${(maxBodyBytes / 1024 / 1024).toFixed(0)} MB.`}
      testId="ingest-example"
    >
      <pre className="overflow-x-auto rounded bg-slate-900 p-3 text-xs text-slate-100">{curl}</pre>
    </SettingsCard>
  );
}
