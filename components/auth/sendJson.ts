/** An API error as the routes send it (`{error: {code, message}}`), with the HTTP status. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ApiRequestError";
  }
}

/**
 * Sends a JSON request to a Loupe endpoint with the session cookie. Every non-GET call carries
 * `Content-Type: application/json`: the CSRF check refuses anything else (lib/auth/csrf.ts).
 */
export async function sendJson<T>(method: "POST" | "PATCH" | "DELETE", path: string, body: unknown = {}): Promise<T> {
  const response = await fetch(path, {
    method,
    credentials: "same-origin",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify(body),
  });
  const payload = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
  if (!response.ok) {
    throw new ApiRequestError(response.status, payload?.error?.code ?? "http_error", payload?.error?.message ?? `${response.status} ${response.statusText}`);
  }
  return payload as T;
}

export const errorMessage = (error: unknown) => (error instanceof Error ? error.message : "something went wrong");
