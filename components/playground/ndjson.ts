import { ApiRequestError } from "@/components/data/apiClient";

/**
 * POSTs JSON and reads an NDJSON answer line by line, calling `onEvent` for each. An error
 * status before the stream starts is thrown as the API's error message. `signal` cancels.
 */
export async function postNdjson<E>(path: string, body: unknown, signal: AbortSignal, onEvent: (event: E) => void): Promise<void> {
  const response = await fetch(path, {
    method: "POST",
    credentials: "same-origin",
    headers: { "content-type": "application/json", accept: "application/x-ndjson" },
    body: JSON.stringify(body),
    signal,
  });
  if (!response.ok || !response.body) {
    const payload = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    throw new ApiRequestError(response.status, payload?.error?.code ?? "http_error", payload?.error?.message ?? `${response.status} ${response.statusText}`);
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let newline = buffer.indexOf("\n");
    while (newline >= 0) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      if (line) onEvent(JSON.parse(line) as E);
      newline = buffer.indexOf("\n");
    }
  }
  if (buffer.trim()) onEvent(JSON.parse(buffer) as E);
}

/** The page's address for a playground endpoint, scoped to the project in the URL. */
export function playgroundPath(endpoint: string, project: string | undefined): string {
  return `/api/v1/playground/${endpoint}${project ? `?project=${encodeURIComponent(project)}` : ""}`;
}
