import { z } from "zod";
import { requireSessionUser } from "@/lib/auth/access";
import { assertSameOrigin } from "@/lib/auth/csrf";
import type { SessionUser } from "@/lib/auth/sessions";
import { db as dataLayer, type DataLayer } from "@/lib/db/database";
import { ApiError, withErrors } from "./errors";

export interface SessionContext<Params> {
  db: DataLayer;
  user: SessionUser;
  params: Params;
  actor: { userId: string; email: string };
}

/**
 * Shell of the routes a signed-in user calls from the dashboard: session required, and for
 * anything but GET the CSRF checks (same origin, JSON body).
 */
export function sessionRoute<Params>(handler: (request: Request, context: SessionContext<Params>) => Promise<Response> | Response) {
  return withErrors(async (request: Request, routeContext?: { params: Promise<Params> }) => {
    if (request.method !== "GET" && request.method !== "HEAD") assertSameOrigin(request);
    const db = dataLayer();
    const user = await requireSessionUser(db, request);
    const params = (routeContext ? await routeContext.params : {}) as Params;
    return handler(request, { db, user, params, actor: { userId: user.userId, email: user.email } });
  });
}

/** Parses a JSON request body with a zod schema (400 on anything else). */
export async function jsonBody<T>(request: Request, schema: z.ZodType<T>): Promise<T> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    throw new ApiError(400, "invalid_json", "body is not valid JSON");
  }
  return schema.parse(body);
}
