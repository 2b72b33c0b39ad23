import fs from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { describeEachBackend } from "./backends";
import { useTestAccounts } from "./testDb";

/**
 * Walks every API route file and proves an anonymous request is refused (401) by every
 * method it exports. The few public endpoints are listed with the reason they are public.
 */
const PUBLIC: Record<string, string> = {
  "api/health": "liveness probe; reveals nothing",
  "api/auth/login": "signing in",
  "api/auth/setup": "first account; refuses once any account exists",
  "api/auth/logout": "ending a session needs none",
  "api/auth/invitations/accept": "joining with an invitation token",
  "api/[...path]": "unknown API paths: 404 not_found, serves nothing",
};
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

const appDir = path.resolve(__dirname, "../app");
const routes = routeFiles(path.join(appDir, "api")).map((file) => ({
  file,
  route: path.relative(appDir, path.dirname(file)).split(path.sep).join("/"),
}));

describeEachBackend("every API route refuses anonymous requests", () => {
  useTestAccounts();
  it("finds the route files", () => {
    expect(routes.length).toBeGreaterThan(15);
  });

  for (const { file, route } of routes) {
    if (PUBLIC[route]) continue;
    it(`${route}`, async () => {
      const handlers = (await import(file)) as Record<string, unknown>;
      const exported = METHODS.filter((method) => typeof handlers[method] === "function");
      expect(exported.length, `${route} exports no handler`).toBeGreaterThan(0);
      // Fill dynamic segments ([id], [projectId]…) with plausible values.
      const url = `http://localhost/${route.replace(/\[(\w+)\]/g, (_, name: string) => (name === "id" ? "1" : "default"))}`;
      const params = Object.fromEntries([...route.matchAll(/\[(\w+)\]/g)].map(([, name]) => [name as string, name === "id" ? "1" : "default"]));
      for (const method of exported) {
        const handler = handlers[method] as (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
        const request = new Request(url, {
          method,
          headers: { "content-type": "application/json", origin: "http://localhost", host: "localhost" },
          ...(method === "GET" ? {} : { body: "{}" }),
        });
        const response = await handler(request, { params: Promise.resolve(params) });
        expect(response.status, `${method} /${route}`).toBe(401);
        const body = await response.json();
        // Loupe's OpenAI-compatible endpoint answers in OpenAI's error shape, as the SDKs expect it.
        if (route.startsWith("api/v1/openai/")) expect(body.error).toMatchObject({ code: "invalid_api_key", type: "authentication_error" });
        else expect(body.error.code).toBe("unauthorized");
      }
    });
  }
});
