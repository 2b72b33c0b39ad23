import { errorResponse } from "@/lib/api/errors";

export const runtime = "nodejs";

/** Any /api/… path no route serves: 404 in the API's error shape (not the HTML 404 page), whatever the method. */
function notFound(request: Request): Promise<Response> {
  const response = errorResponse(404, "not_found", `no API endpoint at ${new URL(request.url).pathname}`);
  return Promise.resolve(request.method === "HEAD" ? new Response(null, { status: 404, headers: response.headers }) : response);
}

export const GET = notFound;
export const HEAD = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
export const OPTIONS = notFound;
