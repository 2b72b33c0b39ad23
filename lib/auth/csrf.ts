import { ApiError } from "@/lib/api/errors";

/**
 * CSRF protection for cookie-authenticated mutations: the request must come from this origin
 * (Origin, else Sec-Fetch-Site) and carry JSON, which a cross-site form cannot send without a
 * CORS preflight that Loupe never answers. Bearer-key requests carry no ambient credentials.
 */
export function assertSameOrigin(request: Request): void {
  const origin = request.headers.get("origin");
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  const fetchSite = request.headers.get("sec-fetch-site");
  let sameOrigin = false;
  if (origin && host) {
    try {
      sameOrigin = new URL(origin).host === host;
    } catch {
      sameOrigin = false;
    }
  } else if (!origin) {
    sameOrigin = fetchSite === "same-origin" || fetchSite === null;
  }
  if (!sameOrigin) throw new ApiError(403, "csrf", "cross-site request refused");
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(type)) throw new ApiError(415, "unsupported_media_type", "send JSON (Content-Type: application/json)");
}
