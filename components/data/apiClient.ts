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

/** Pages a signed-out browser may be on without being sent to sign in. */
const SIGNED_OUT_PAGES = /^\/(login|setup|invite)(\/|$)/;

/**
 * A page whose session ended (signed out in another tab, expired) gets 401 `unauthorized` from
 * every poll: it goes to sign in and comes back, instead of showing a dead dashboard.
 * (`invalid_credentials`, a wrong password, stays on its form.)
 */
function toSignIn(status: number, code: string | undefined): void {
  if (status !== 401 || code !== "unauthorized" || typeof window === "undefined") return;
  const { pathname, search } = window.location;
  if (SIGNED_OUT_PAGES.test(pathname)) return;
  // A full navigation on purpose: the client cache holds the signed-out session's answers.
  // eslint-disable-next-line @next/next/no-location-assign-relative-destination
  window.location.assign(`/login?next=${encodeURIComponent(pathname + search)}`);
}

async function readJson<T>(response: Response): Promise<T> {
  const payload = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
  if (!response.ok) {
    toSignIn(response.status, payload?.error?.code);
    throw new ApiRequestError(response.status, payload?.error?.code ?? "http_error", payload?.error?.message ?? `${response.status} ${response.statusText}`);
  }
  return payload as T;
}

/** GETs a Loupe endpoint as JSON (with the session cookie), throwing the API's error message. */
export async function fetchJson<T>(path: string, params: Record<string, string | undefined> = {}): Promise<T> {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== "") query.set(key, value);
  const url = query.size > 0 ? `${path}?${query.toString()}` : path;
  return readJson<T>(await fetch(url, { credentials: "same-origin", headers: { accept: "application/json" } }));
}

/**
 * Sends a JSON request to a Loupe endpoint with the session cookie. Every non-GET call carries
 * `Content-Type: application/json`: the CSRF check refuses anything else (lib/auth/csrf.ts).
 */
export async function sendJson<T>(method: "POST" | "PUT" | "PATCH" | "DELETE", path: string, body: unknown = {}): Promise<T> {
  return readJson<T>(
    await fetch(path, {
      method,
      credentials: "same-origin",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify(body),
    }),
  );
}

export const errorMessage = (error: unknown) => (error instanceof Error ? error.message : "something went wrong");

/** Appends the page's project to an API path (the API's `project` parameter), after any query it has. */
export const withProject = (path: string, project: string | undefined): string =>
  project ? `${path}${path.includes("?") ? "&" : "?"}project=${encodeURIComponent(project)}` : path;
