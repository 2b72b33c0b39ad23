import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { matchRoute, startRouteServer, type RouteServer } from "./routeServer";

describe("startRouteServer", () => {
  let server: RouteServer;
  beforeAll(async () => {
    server = await startRouteServer([
      { path: "/echo/[name]", handlers: { POST: async (request, { params }) => Response.json({ name: (await params).name, body: await request.text() }) } },
      {
        path: "/stream",
        handlers: {
          GET: () => new Response(new ReadableStream({
            async start(controller) {
              controller.enqueue(new TextEncoder().encode("one\n"));
              await new Promise((resolve) => setTimeout(resolve, 20));
              controller.enqueue(new TextEncoder().encode("two\n"));
              controller.close();
            },
          }), { headers: { "content-type": "text/plain" } }),
        },
      },
    ]);
  });
  afterAll(() => server.close());

  it("matches [param] segments and nothing else", () => {
    expect(matchRoute("/a/[id]/b", "/a/x%20y/b")).toEqual({ id: "x y" });
    expect(matchRoute("/a/[id]/b", "/a/x/c")).toBeNull();
    expect(matchRoute("/a/[id]", "/a/x/b")).toBeNull();
  });

  it("passes the body and params through over real HTTP", async () => {
    const res = await fetch(`${server.base}/echo/anna`, { method: "POST", body: "hello" });
    expect(await res.json()).toEqual({ name: "anna", body: "hello" });
  });

  it("streams chunks as they come and answers 404/405 otherwise", async () => {
    const res = await fetch(`${server.base}/stream`);
    expect(await res.text()).toBe("one\ntwo\n");
    expect((await fetch(`${server.base}/nope`)).status).toBe(404);
    expect((await fetch(`${server.base}/stream`, { method: "POST" })).status).toBe(405);
  });
});
