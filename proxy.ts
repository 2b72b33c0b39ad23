import { NextResponse, type NextRequest } from "next/server";
import { DASHBOARD_COOKIE, dashboardCookieValue } from "@/lib/auth/dashboardSession";

/** Hands dashboard pages their session cookie (see lib/auth/dashboardSession.ts). */
export function proxy(request: NextRequest) {
  const response = NextResponse.next();
  const value = dashboardCookieValue();
  if (request.cookies.get(DASHBOARD_COOKIE)?.value !== value) {
    response.cookies.set(DASHBOARD_COOKIE, value, {
      httpOnly: true,
      sameSite: "strict",
      path: "/",
      secure: request.nextUrl.protocol === "https:",
    });
  }
  return response;
}

export const config = {
  matcher: ["/((?!api/|_next/|favicon|.*\\.(?:png|svg|ico|css|js)$).*)"],
};
