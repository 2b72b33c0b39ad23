import path from "node:path";
import { describe, expect, it } from "vitest";

/** Unknown /api/… paths answer in the API's error shape (404 not_found), for every method, not with the HTML 404 page. */
describe("unknown API paths", () => {
  it("answer 404 not_found as JSON for every method", async () => {
    const handlers = (await import(path.resolve(__dirname, "../app/api/[...path]/route.ts"))) as Record<string, (request: Request) => Promise<Response>>;
    for (const method of ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]) {
      const handler = handlers[method];
      expect(handler, `${method} handler`).toBeTypeOf("function");
      const response = await (handler as (request: Request) => Promise<Response>)(new Request("http://localhost/api/v2/nothing-here?x=1", { method }));
      expect(response.status, method).toBe(404);
      if (method === "HEAD") continue;
      expect(response.headers.get("content-type")).toMatch(/^application\/json/);
      expect(await response.json()).toEqual({ error: { code: "not_found", message: "no API endpoint at /api/v2/nothing-here" } });
    }
  });
});
