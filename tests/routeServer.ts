import http from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";

/** An App Router route handler: `(request, { params })` → Response. */
export type RouteHandler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response> | Response;

/** One route: an App Router path pattern (`/api/v1/proxy/[providerId]/completions`) and its handlers by method. */
export interface RouteEntry {
  path: string;
  handlers: Partial<Record<"GET" | "POST" | "PUT" | "PATCH" | "DELETE", RouteHandler>>;
}

export interface RouteServer {
  /** `http://127.0.0.1:<port>` */
  base: string;
  close(): Promise<void>;
}

/** The params of `pathname` under `pattern` (`[name]` segments), or null when it does not match. */
export function matchRoute(pattern: string, pathname: string): Record<string, string> | null {
  const want = pattern.split("/").filter(Boolean);
  const have = pathname.split("/").filter(Boolean);
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (const [i, segment] of want.entries()) {
    const actual = have[i] as string;
    if (segment.startsWith("[") && segment.endsWith("]")) params[segment.slice(1, -1)] = decodeURIComponent(actual);
    else if (segment !== actual) return null;
  }
  return params;
}

/**
 * Serves route handlers over real HTTP on a loopback port, for tests that need a real client
 * (the official `openai` SDK, a proxy calling an upstream): requests become web Requests (with an
 * abort signal that fires when the client goes away), responses stream back as they are produced,
 * never buffered. Unknown paths answer 404, other methods 405.
 */
export async function startRouteServer(routes: RouteEntry[]): Promise<RouteServer> {
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const found = routes.map((route) => ({ route, params: matchRoute(route.path, url.pathname) })).find((entry) => entry.params);
    if (!found?.params) return void res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { code: "not_found", message: url.pathname } }));
    const handler = found.route.handlers[(req.method ?? "GET") as keyof RouteEntry["handlers"]];
    if (!handler) return void res.writeHead(405).end();
    const aborter = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) aborter.abort();
    });
    const hasBody = req.method !== "GET" && req.method !== "HEAD";
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === "string") headers.set(name, value);
      else if (Array.isArray(value)) headers.set(name, value.join(", "));
    }
    const request = new Request(`http://127.0.0.1${req.url}`, {
      method: req.method,
      headers,
      body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
      signal: aborter.signal,
      // @ts-expect-error Node's fetch needs duplex for a streamed request body
      duplex: "half",
    });
    try {
      const response = await handler(request, { params: Promise.resolve(found.params) });
      res.writeHead(response.status, Object.fromEntries(response.headers));
      if (!response.body) return void res.end();
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        if (!res.write(chunk)) await new Promise((resolve) => res.once("drain", resolve));
      }
      res.end();
    } catch (error) {
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { code: "internal", message: String(error) } }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
