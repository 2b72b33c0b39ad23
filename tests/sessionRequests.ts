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
