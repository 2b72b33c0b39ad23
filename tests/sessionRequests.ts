import { POST as acceptInvite } from "@/app/api/auth/invitations/accept/route";
import { POST as setup } from "@/app/api/auth/setup/route";
import { POST as invite } from "@/app/api/v1/projects/[projectId]/members/route";

/**
 * Requests a signed-in browser would send to route handlers in API tests: same-origin JSON with
 * the session cookie (the CSRF check reads Origin and Host), and the cookie a sign-in answered.
 */
export const ORIGIN = "http://localhost";

export const sessionRequest = (method: string, path: string, cookie: string, body?: unknown, origin = ORIGIN) =>
  new Request(`${ORIGIN}${path}`, {
    method,
    headers: { "content-type": "application/json", origin, host: "localhost", cookie },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

export const sessionGet = (path: string, cookie: string) => new Request(`${ORIGIN}${path}`, { headers: { cookie } });

/** The `name=value` of the session cookie a sign-in or setup response set. */
export const cookieOf = (response: Response) => (response.headers.get("set-cookie") ?? "").split(";")[0] as string;

/** A route handler's second argument. */
export const params = <T>(value: T) => ({ params: Promise.resolve(value) });

/** Sets up the instance through the first-run route (the first admin, signed in): their cookie. */
export async function setupAdmin(): Promise<string> {
  return cookieOf(await setup(sessionRequest("POST", "/api/auth/setup", "", { email: "root@example.com", name: "Root", password: "root password 1" })));
}

/** Invites `email` to `project` with `role` (as `admin`) and accepts the invitation: the new member's cookie. */
export async function joinProject(admin: string, project: string, email: string, role: string): Promise<string> {
  const invited = await invite(sessionRequest("POST", `/api/v1/projects/${project}/members`, admin, { email, role }), params({ projectId: project }));
  const token = new URL((await invited.json()).inviteUrl).pathname.split("/").pop() as string;
  return cookieOf(await acceptInvite(sessionRequest("POST", "/api/auth/invitations/accept", "", { token, name: email, password: "member password 1" })));
}
